package dev.forge.trace.profile;

import java.util.List;

/**
 * One thing the JDK's flight recorder saw on a thread: a CPU sample or a wait, with the
 * thread's stack as class and method names (never values), outermost frame first.
 *
 * @param kind {@code cpu}, or the wait's kind ({@code sleep}, {@code park},
 * {@code monitor-enter}, {@code monitor-wait}, {@code socket-read}, {@code socket-write},
 * {@code file-read}, {@code file-write}, {@code gc})
 * @param threadId the Java thread id; -1 for a GC pause, which stops every thread
 * @param startEpochNanos when it started, nanoseconds since the epoch
 * @param durationNanos how long it lasted; 0 for a sample
 * @param stack the frames, outermost first, as {@code package.Class.method}
 */
record ProfileEvent(String kind, long threadId, long startEpochNanos, long durationNanos, List<String> stack) {

	static final String CPU = "cpu";

	static final String GC = "gc";

	long endEpochNanos() {
		return this.startEpochNanos + this.durationNanos;
	}

	boolean isSample() {
		return CPU.equals(this.kind);
	}

	/** Roughly what it holds: frames are shared, so each counts as a reference. */
	long estimatedBytes() {
		return 64 + 8L * this.stack.size();
	}

}
