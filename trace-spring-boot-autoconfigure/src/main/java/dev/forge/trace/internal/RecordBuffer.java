package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.forge.trace.SpanRecord;
import org.jspecify.annotations.Nullable;

/**
 * Finished records with their finish times and flags, in the order they were added, stored
 * in fixed-size chunks: growing never copies and leaves at most one partly used chunk, so a
 * buffered record costs its own size plus 13 bytes. When the finished buffer is full, the
 * oldest unremarkable record is evicted, leaving a hole that reads skip and that is
 * compacted away once holes outnumber the records. Not thread-safe: guarded by its
 * stripe's lock while filled, owned by the flushing thread once drained.
 */
class RecordBuffer extends LeadingPadding {

	private static final int CHUNK_SHIFT = 8;

	private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;

	private static final byte NOTABLE = 1;

	private final List<SpanRecord[]> records = new ArrayList<>();

	private final List<long[]> finishNanos = new ArrayList<>();

	private final List<byte[]> flags = new ArrayList<>();

	// The last chunk's arrays, which add writes: read from the lists once a chunk, not per record.
	private SpanRecord[] lastRecords;

	private long[] lastFinishNanos;

	private byte[] lastFlags;

	// Slots used, holes included.
	private int end;

	private int holes;

	// Every slot before it holds a notable record or a hole.
	private int unremarkableFrom;

	// Every slot before it holds an unremarkable record or a hole.
	private int notableFrom;

	private int notable;

	// The number of holes from the first slot on: whole chunks of them are let go at once.
	private int leadingHoles;

	void add(SpanRecord record, long nanos, boolean notable) {
		int offset = this.end & (CHUNK_SIZE - 1);
		if (offset == 0) {
			this.lastRecords = new SpanRecord[CHUNK_SIZE];
			this.lastFinishNanos = new long[CHUNK_SIZE];
			this.lastFlags = new byte[CHUNK_SIZE];
			this.records.add(this.lastRecords);
			this.finishNanos.add(this.lastFinishNanos);
			this.flags.add(this.lastFlags);
		}
		this.lastRecords[offset] = record;
		this.lastFinishNanos[offset] = nanos;
		this.lastFlags[offset] = notable ? NOTABLE : 0;
		if (notable) {
			this.notable++;
		}
		this.end++;
	}

	/** The notable records held. */
	int notableCount() {
		return this.notable;
	}

	/** The records held, holes not counted. */
	int size() {
		return this.end - this.holes;
	}

	/** The record at {@code index}; only on a buffer without holes ({@link #compact()}). */
	SpanRecord record(int index) {
		return this.records.get(index >>> CHUNK_SHIFT)[index & (CHUNK_SIZE - 1)];
	}

	/** The finish time at {@code index}; only on a buffer without holes ({@link #compact()}). */
	long finishNanos(int index) {
		return this.finishNanos.get(index >>> CHUNK_SHIFT)[index & (CHUNK_SIZE - 1)];
	}

	/**
	 * Evicts the oldest record that is not notable ({@code notable} false) or the oldest
	 * notable one; returns whether one was evicted. Amortized constant time: each scan
	 * resumes where the last one stopped.
	 */
	boolean evictOldest(boolean notable) {
		byte wanted = notable ? NOTABLE : 0;
		for (int i = notable ? this.notableFrom : this.unremarkableFrom; i < this.end; i++) {
			int chunk = i >>> CHUNK_SHIFT;
			int offset = i & (CHUNK_SIZE - 1);
			SpanRecord[] records = this.records.get(chunk);
			if (records[offset] != null && this.flags.get(chunk)[offset] == wanted) {
				records[offset] = null;
				this.holes++;
				if (notable) {
					this.notable--;
					this.notableFrom = i + 1;
				}
				else {
					this.unremarkableFrom = i + 1;
				}
				dropLeadingHoles();
				if (this.holes > CHUNK_SIZE && this.holes > size()) {
					compact();
				}
				return true;
			}
		}
		if (notable) {
			this.notableFrom = this.end;
		}
		else {
			this.unremarkableFrom = this.end;
		}
		return false;
	}

	// Evicting mostly takes the oldest, so whole chunks of holes at the front go cheaply.
	private void dropLeadingHoles() {
		while (this.leadingHoles < this.end && record(this.leadingHoles) == null) {
			this.leadingHoles++;
		}
		while (this.leadingHoles >= CHUNK_SIZE) {
			this.records.remove(0);
			this.finishNanos.remove(0);
			this.flags.remove(0);
			this.end -= CHUNK_SIZE;
			this.holes -= CHUNK_SIZE;
			this.leadingHoles -= CHUNK_SIZE;
			this.unremarkableFrom = Math.max(0, this.unremarkableFrom - CHUNK_SIZE);
			this.notableFrom = Math.max(0, this.notableFrom - CHUNK_SIZE);
		}
	}

	/**
	 * Marks as notable ({@code mark}) the records of the local trace {@code rootId} that
	 * finished at or after {@code sinceNanos} (its root's start: nothing of the trace
	 * finished before), and adds them to {@code into}, newest first, while it holds fewer
	 * than {@code max}, in the same pass. Scans back from the newest, so it costs the
	 * records finished since then.
	 */
	void visitTrace(long rootId, long sinceNanos, @Nullable List<SpanRecord> into, int max, boolean mark) {
		for (int i = this.end - 1; i >= this.leadingHoles; i--) {
			int chunk = i >>> CHUNK_SHIFT;
			int offset = i & (CHUNK_SIZE - 1);
			// nanoTime may wrap, so compare differences rather than values.
			if (this.finishNanos.get(chunk)[offset] - sinceNanos < 0) {
				return;
			}
			SpanRecord record = this.records.get(chunk)[offset];
			if (record == null || record.rootId() != rootId) {
				continue;
			}
			if (mark && this.flags.get(chunk)[offset] != NOTABLE) {
				this.flags.get(chunk)[offset] = NOTABLE;
				this.notable++;
				this.notableFrom = Math.min(this.notableFrom, i);
			}
			if (into != null && into.size() < max) {
				into.add(record);
			}
		}
	}

	/** Removes the holes, keeping the order. */
	void compact() {
		if (this.holes == 0) {
			return;
		}
		int to = 0;
		for (int from = 0; from < this.end; from++) {
			int chunk = from >>> CHUNK_SHIFT;
			int offset = from & (CHUNK_SIZE - 1);
			SpanRecord record = this.records.get(chunk)[offset];
			if (record != null) {
				int toChunk = to >>> CHUNK_SHIFT;
				int toOffset = to & (CHUNK_SIZE - 1);
				this.records.get(toChunk)[toOffset] = record;
				this.finishNanos.get(toChunk)[toOffset] = this.finishNanos.get(chunk)[offset];
				this.flags.get(toChunk)[toOffset] = this.flags.get(chunk)[offset];
				to++;
			}
		}
		int chunks = (to + CHUNK_SIZE - 1) >>> CHUNK_SHIFT;
		while (this.records.size() > chunks) {
			int last = this.records.size() - 1;
			this.records.remove(last);
			this.finishNanos.remove(last);
			this.flags.remove(last);
		}
		if ((to & (CHUNK_SIZE - 1)) != 0) {
			// Clear the tail of the last chunk, so evicted records are not kept reachable.
			Arrays.fill(this.records.get(chunks - 1), to & (CHUNK_SIZE - 1), CHUNK_SIZE, null);
		}
		this.end = to;
		rememberLastChunk();
		this.holes = 0;
		this.unremarkableFrom = 0;
		this.notableFrom = 0;
		this.leadingHoles = 0;
	}

	private void rememberLastChunk() {
		int last = this.records.size() - 1;
		this.lastRecords = (last >= 0) ? this.records.get(last) : null;
		this.lastFinishNanos = (last >= 0) ? this.finishNanos.get(last) : null;
		this.lastFlags = (last >= 0) ? this.flags.get(last) : null;
	}

	/** Copies every record, in order, into {@code target} from {@code offset}; only without holes. */
	void copyTo(SpanRecord[] target, int offset) {
		for (int chunk = 0, copied = 0; copied < this.end; chunk++) {
			int length = Math.min(CHUNK_SIZE, this.end - copied);
			System.arraycopy(this.records.get(chunk), 0, target, offset + copied, length);
			copied += length;
		}
	}

	/** Copies the finish times, in order, to {@code target}; only on a buffer without holes. */
	void copyFinishNanosTo(long[] target) {
		for (int chunk = 0, copied = 0; copied < this.end; chunk++) {
			int length = Math.min(CHUNK_SIZE, this.end - copied);
			System.arraycopy(this.finishNanos.get(chunk), 0, target, copied, length);
			copied += length;
		}
	}

	/** A copy holding the same records without holes, for reading them without draining. */
	RecordBuffer copy() {
		RecordBuffer copy = new RecordBuffer();
		for (int i = this.leadingHoles; i < this.end; i++) {
			int chunk = i >>> CHUNK_SHIFT;
			int offset = i & (CHUNK_SIZE - 1);
			SpanRecord record = this.records.get(chunk)[offset];
			if (record != null) {
				copy.add(record, this.finishNanos.get(chunk)[offset], this.flags.get(chunk)[offset] == NOTABLE);
			}
		}
		return copy;
	}

	/** A buffer with padding after its fields; see {@link LeadingPadding}. */
	static final class Padded extends RecordBuffer {

		long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

	}

}
