package dev.forge.trace.internal;

/**
 * The fields of active spans, a slot each: five longs (id, start epoch nanos, start
 * {@code nanoTime}, parent id, root id) side by side in one array and three references
 * (name, thread, attributes) in another, so one span is one or two cache lines rather
 * than eight. An id of 0 marks a free slot. Each array has 128 bytes of padding at both
 * ends, so that no other stripe's data shares a cache line with a slot, whatever the
 * garbage collector puts next to it; see {@link LeadingPadding}.
 */
final class SpanSlots {

	private static final int LONGS = 5;

	private static final int REFS = 3;

	private static final int L = 16;

	private static final int R = 32;

	final int capacity;

	private final long[] longs;

	private final Object[] refs;

	SpanSlots(int capacity) {
		this.capacity = capacity;
		this.longs = new long[capacity * LONGS + 2 * L];
		this.refs = new Object[capacity * REFS + 2 * R];
	}

	long id(int slot) {
		return this.longs[L + slot * LONGS];
	}

	void set(int slot, long id, String name, long startEpochNanos, long startNanos, long parentId, long rootId,
			SpanThread thread, byte[] attributes) {
		int l = L + slot * LONGS;
		this.longs[l] = id;
		this.longs[l + 1] = startEpochNanos;
		this.longs[l + 2] = startNanos;
		this.longs[l + 3] = parentId;
		this.longs[l + 4] = rootId;
		int r = R + slot * REFS;
		this.refs[r] = name;
		this.refs[r + 1] = thread;
		this.refs[r + 2] = attributes;
	}

	void copyTo(int slot, SpanSlots target, int targetSlot) {
		System.arraycopy(this.longs, L + slot * LONGS, target.longs, L + targetSlot * LONGS, LONGS);
		System.arraycopy(this.refs, R + slot * REFS, target.refs, R + targetSlot * REFS, REFS);
	}

	void clear(int slot) {
		this.longs[L + slot * LONGS] = 0;
		int r = R + slot * REFS;
		this.refs[r] = null;
		this.refs[r + 1] = null;
		this.refs[r + 2] = null;
	}

	/** Copies a slot's fields into the table's {@code removed*} fields. */
	void readInto(int slot, ActiveTable table) {
		int l = L + slot * LONGS;
		table.removedStartEpochNanos = this.longs[l + 1];
		table.removedStartNanos = this.longs[l + 2];
		table.removedParentId = this.longs[l + 3];
		table.removedRootId = this.longs[l + 4];
		int r = R + slot * REFS;
		table.removedName = (String) this.refs[r];
		table.removedThread = (SpanThread) this.refs[r + 1];
		table.removedAttributes = (byte[]) this.refs[r + 2];
	}

	void visit(int slot, ActiveTable.Visitor visitor) {
		int l = L + slot * LONGS;
		int r = R + slot * REFS;
		visitor.visit(this.longs[l], (String) this.refs[r], this.longs[l + 1], this.longs[l + 2], this.longs[l + 3],
				this.longs[l + 4], (SpanThread) this.refs[r + 1], (byte[]) this.refs[r + 2]);
	}

}
