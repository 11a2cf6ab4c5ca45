package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.List;

import dev.forge.trace.SpanRecord;

/**
 * The most recently drained records, in a ring of fixed size, so that they can be read
 * after a drain took them. Filled as records leave the stripes, never on the path of
 * {@code start} or {@code end}. Guarded by the service's drain lock.
 */
final class RecentRecords {

	private final SpanRecord[] ring;

	private int next;

	private int size;

	RecentRecords(int capacity) {
		this.ring = new SpanRecord[capacity];
	}

	void addAll(SpanRecord[] records) {
		if (this.ring.length == 0) {
			return;
		}
		int capacity = this.ring.length;
		int from = Math.max(0, records.length - capacity);
		int count = records.length - from;
		// At most two copies (up to the ring's end, then from its start) rather than a store
		// and a division per record: the ring is old, and a bulk copy marks its cards once.
		int first = Math.min(count, capacity - this.next);
		System.arraycopy(records, from, this.ring, this.next, first);
		System.arraycopy(records, from + first, this.ring, 0, count - first);
		this.next = (this.next + count) % capacity;
		this.size = Math.min(this.size + count, capacity);
	}

	/** Adds the records of a local trace, newest first, until {@code into} holds {@code max}; copies nothing else. */
	void collectTrace(long rootId, List<SpanRecord> into, int max) {
		for (int i = 1; i <= this.size && into.size() < max; i++) {
			SpanRecord record = this.ring[(this.next - i + this.ring.length) % this.ring.length];
			if (record.rootId() == rootId) {
				into.add(record);
			}
		}
	}

	/** The records, oldest first. */
	List<SpanRecord> list() {
		List<SpanRecord> list = new ArrayList<>(this.size);
		int start = (this.next - this.size + this.ring.length) % Math.max(1, this.ring.length);
		for (int i = 0; i < this.size; i++) {
			list.add(this.ring[(start + i) % this.ring.length]);
		}
		return list;
	}

}
