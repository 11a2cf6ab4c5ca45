package dev.forge.trace.profile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Work that takes a given amount of the calling thread's CPU time, however busy the
 * machine is: counted in CPU time rather than wall time, so that a thread that shares its
 * cores still runs long enough for the recorder's samples to find it.
 */
public final class CpuWork {

	private CpuWork() {
	}

	/**
	 * Burns CPU on the calling thread.
	 * @param millis the CPU time to take, in milliseconds
	 * @return a value computed on the way, for the caller to return so nothing is optimized away
	 */
	public static long burn(long millis) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
		long wanted = millis * 1_000_000L;
		long cpuStart = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
		long wallStart = System.nanoTime();
		long sum = 0;
		// Wall time bounds it where CPU time cannot be read, and on a machine starved for minutes.
		while (System.nanoTime() - wallStart < (cpuTime ? 60_000_000_000L : wanted)
				&& (!cpuTime || threads.getCurrentThreadCpuTime() - cpuStart < wanted)) {
			sum += spin(sum);
		}
		return sum;
	}

	private static long spin(long seed) {
		long x = seed;
		// About a millisecond between clock readings: the thread is in Java code, where the
		// recorder samples it, nearly all the time.
		for (int i = 0; i < 1_000_000; i++) {
			x = x * 6364136223846793005L + 1442695040888963407L;
		}
		return x & 1;
	}

}
