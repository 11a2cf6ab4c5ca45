package dev.forge.trace;

import java.util.Collections;
import java.util.List;

/**
 * A local trace kept because it was notable: its root failed or was slow. Holds every
 * record of the trace that was still in the tracer (buffered, or in the recent window)
 * when the root ended, at most {@link TraceOptions#keepMaxSpansPerTrace()}, in start
 * order: the root first.
 */
public final class KeptTrace {

	private final SpanRecord root;

	private final boolean failed;

	private final List<SpanRecord> records;

	private final long endNanos;

	private final long bytes;

	// Takes the list as it is: the caller hands it over.
	KeptTrace(SpanRecord root, boolean failed, List<SpanRecord> records, long endNanos) {
		this.root = root;
		this.failed = failed;
		this.records = Collections.unmodifiableList(records);
		this.endNanos = endNanos;
		long size = 0;
		for (SpanRecord record : records) {
			size += approximateBytes(record);
		}
		this.bytes = size;
	}

	/** What a record holds, roughly: the record and its thread, its name and its values. */
	static long approximateBytes(SpanRecord record) {
		// The snapshots as held, not the copies the public accessors make.
		byte[] attributes = record.rawAttributes();
		byte[] result = record.rawResult();
		return 120 + 2L * record.name().length() + ((attributes != null) ? attributes.length + 16 : 0)
				+ ((result != null) ? result.length + 16 : 0);
	}

	/**
	 * The root span's record.
	 * @return the root
	 */
	public SpanRecord root() {
		return this.root;
	}

	/**
	 * The root span's name, which the quotas go by.
	 * @return the name
	 */
	public String rootName() {
		return this.root.name();
	}

	/**
	 * Whether the trace was kept because its root failed (otherwise because it was slow).
	 * @return whether the root failed
	 */
	public boolean failed() {
		return this.failed;
	}

	/**
	 * The root's duration in nanoseconds.
	 * @return the duration
	 */
	public long durationNanos() {
		return this.root.durationNanos();
	}

	/**
	 * The trace's records, in start order.
	 * @return the records
	 */
	public List<SpanRecord> records() {
		return this.records;
	}

	long endNanos() {
		return this.endNanos;
	}

	long bytes() {
		return this.bytes;
	}

}
