package dev.forge.trace.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The least a tracer that keeps a record per span must do, and nothing more: a floor to
 * read the other tracers' cost against, not a tracer. One thread-local read for the
 * parent, an id, the two clock readings, the open span by id and a record like ours
 * (same fields) in a ring. No lock (one thread only), no statistics, no bound, no drain:
 * what a real tracer adds on top is what its thread safety and features cost.
 */
@State(Scope.Thread)
public class SkeletonTracer {

	private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[2]);

	private static final int OPEN_SLOTS = 1024;

	private final OpenSpan[] open = new OpenSpan[OPEN_SLOTS];

	private final FinishedSpan[] finished = new FinishedSpan[1 << 17];

	private final long anchorNanos = System.nanoTime();

	private final long anchorEpochNanos = System.currentTimeMillis() * 1_000_000L;

	private long nextId = 1;

	private int head;

	long start(String name) {
		long[] current = CURRENT.get();
		long id = this.nextId++;
		long nanos = System.nanoTime();
		this.open[(int) id & (OPEN_SLOTS - 1)] = new OpenSpan(name, this.anchorEpochNanos + nanos - this.anchorNanos,
				nanos, current[0], current[1], Thread.currentThread());
		return id;
	}

	FinishedSpan end(long id) {
		long nanos = System.nanoTime();
		int slot = (int) id & (OPEN_SLOTS - 1);
		OpenSpan span = this.open[slot];
		this.open[slot] = null;
		FinishedSpan record = new FinishedSpan(id, span.name(), span.epochNanos(), (nanos - span.nanos()) / 1e6,
				span.parentId(), (span.parentId() == 0) ? id : span.rootId(), span.thread(), null, null);
		this.finished[this.head++ & (this.finished.length - 1)] = record;
		return record;
	}

	record OpenSpan(String name, long epochNanos, long nanos, long parentId, long rootId, Thread thread) {
	}

	record FinishedSpan(long id, String name, long epochNanos, double durationMs, long parentId, long rootId,
			Thread thread, byte[] attributes, byte[] result) {
	}

}
