package dev.forge.trace.benchmarks;

import java.lang.management.ManagementFactory;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceService;

/**
 * Tells a slow state of the machine from a slow state of the tracer. In half-second
 * windows it times 400 ms of start+end (drained every 4096 spans, as
 * {@link TracerBenchmarks} does) and then 100 ms of nothing but clock readings, which
 * touch no memory of ours, and prints one line per window: the window, start+end's
 * ns/op, the clock loop's ns per two readings, the JVM's uptime in ms. When the two
 * columns move together, the machine (a busy neighbour on a shared core, the host) slowed
 * both; when start+end moves alone, look at the tracer.
 * <p>
 * {@code java -Xms1g -Xmx1g -cp <benchmarks classpath> dev.forge.trace.benchmarks.MachineStateProbe 150}
 */
public final class MachineStateProbe {

	private static final int DRAIN_EVERY = 4096;

	private MachineStateProbe() {
	}

	public static void main(String[] args) {
		int windows = (args.length > 0) ? Integer.parseInt(args[0]) : 150;
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(100_000).build());
		long sink = 0;
		for (int window = 0; window < windows; window++) {
			long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
			long spans = 0;
			long began = System.nanoTime();
			while (System.nanoTime() - began < 400_000_000L) {
				for (int i = 0; i < DRAIN_EVERY; i++) {
					SpanRecord record = trace.end(trace.start("operation"));
					sink += record.id();
				}
				trace.flush();
				spans += DRAIN_EVERY;
			}
			long tracing = System.nanoTime() - began;
			long readings = 0;
			began = System.nanoTime();
			while (System.nanoTime() - began < 100_000_000L) {
				for (int i = 0; i < DRAIN_EVERY; i++) {
					sink += System.nanoTime() ^ System.nanoTime();
				}
				readings += DRAIN_EVERY;
			}
			long clock = System.nanoTime() - began;
			System.out.printf("%d %.1f %.1f %d%n", window, (double) tracing / spans, (double) clock / readings, uptime);
		}
		// Keeps the loops' results alive.
		System.err.println(sink);
	}

}
