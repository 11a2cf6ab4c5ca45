package dev.forge.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Finished records with their finish times, in the order they were added, stored in
 * fixed-size chunks: growing never copies and leaves at most one partly used chunk, so a
 * buffered record costs its own size plus 12 bytes. Not thread-safe: guarded by its
 * stripe's lock while filled, owned by the flushing thread once drained.
 */
class RecordBuffer extends LeadingPadding {

	private static final int CHUNK_SHIFT = 8;

	private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;

	private final List<SpanRecord[]> records = new ArrayList<>();

	private final List<long[]> finishNanos = new ArrayList<>();

	private int size;

	void add(SpanRecord record, long nanos) {
		int offset = this.size & (CHUNK_SIZE - 1);
		if (offset == 0) {
			this.records.add(new SpanRecord[CHUNK_SIZE]);
			this.finishNanos.add(new long[CHUNK_SIZE]);
		}
		int chunk = this.size >>> CHUNK_SHIFT;
		this.records.get(chunk)[offset] = record;
		this.finishNanos.get(chunk)[offset] = nanos;
		this.size++;
	}

	int size() {
		return this.size;
	}

	SpanRecord record(int index) {
		return this.records.get(index >>> CHUNK_SHIFT)[index & (CHUNK_SIZE - 1)];
	}

	long finishNanos(int index) {
		return this.finishNanos.get(index >>> CHUNK_SHIFT)[index & (CHUNK_SIZE - 1)];
	}

	/** Copies every record, in order, into {@code target} from {@code offset}: a copy per chunk. */
	void copyTo(SpanRecord[] target, int offset) {
		for (int chunk = 0, copied = 0; copied < this.size; chunk++) {
			int length = Math.min(CHUNK_SIZE, this.size - copied);
			System.arraycopy(this.records.get(chunk), 0, target, offset + copied, length);
			copied += length;
		}
	}

	/** A copy holding the same records, for reading them without draining. */
	RecordBuffer copy() {
		RecordBuffer copy = new RecordBuffer();
		for (int i = 0; i < this.size; i++) {
			copy.add(record(i), finishNanos(i));
		}
		return copy;
	}

	/** A buffer with padding after its fields; see {@link LeadingPadding}. */
	static final class Padded extends RecordBuffer {

		long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

	}

}
