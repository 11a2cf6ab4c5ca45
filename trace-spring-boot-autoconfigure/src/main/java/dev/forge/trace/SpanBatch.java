package dev.forge.trace;

import java.util.List;

/**
 * Records taken out of the buffer for delivery, counted as buffered until the delivery is
 * settled: {@link #commit()} when they were handed on, {@link #giveBack()} when they could
 * not be, which puts them back at the head of the buffer for the next drain. A batch never
 * settled stays counted as buffered and holds its records; settle every batch.
 *
 * @see TraceService#take(int)
 */
public final class SpanBatch {

	private final TraceService trace;

	private final List<SpanRecord> records;

	private boolean settled;

	SpanBatch(TraceService trace, List<SpanRecord> records) {
		this.trace = trace;
		this.records = records;
	}

	/**
	 * The records, oldest first.
	 * @return an unmodifiable list
	 */
	public List<SpanRecord> records() {
		return this.records;
	}

	/** The records were delivered: they count as flushed and their buffer space is freed. Once only. */
	public synchronized void commit() {
		if (!this.settled) {
			this.settled = true;
			this.trace.settle(this.records, true);
		}
	}

	/** The records could not be delivered: the next drain returns them first. Once only. */
	public synchronized void giveBack() {
		if (!this.settled) {
			this.settled = true;
			this.trace.settle(this.records, false);
		}
	}

}
