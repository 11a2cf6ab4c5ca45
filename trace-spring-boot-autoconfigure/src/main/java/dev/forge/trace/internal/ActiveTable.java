package dev.forge.trace.internal;

/**
 * The active spans of one stripe, and their start order for evicting the eldest. Starting
 * and ending a span allocates nothing, and costs the same however many spans are active.
 * Not thread-safe: guarded by its stripe's lock.
 * <ul>
 * <li>A span goes into a small young ring at the slot its id picks ({@code id & 255}).
 * A stripe's ids increase, so the spans of the moment sit in a few cache lines and most
 * find their slot empty, its previous span long ended.</li>
 * <li>If the slot still holds a live span, that span has outlived a full turn of ids and
 * moves to an {@link OpenTable}, where long-lived spans stay out of the young ring's way.</li>
 * <li>The start order is a FIFO of ids. An ended id is popped off its tail when it is
 * there, as it is for the usual last-started-first-ended spans; ids of spans that ended
 * out of order stay until a compacting pass, once the FIFO holds more than twice the live
 * ids, so the pass costs a constant per span.</li>
 * </ul>
 */
class ActiveTable extends LeadingPadding {

	private static final int YOUNG = 256;

	private static final int MIN_ORDER = 16;

	// Padding at each end of the order array, in longs; see SpanSlots.
	private static final int L = 16;

	private final SpanSlots young = new SpanSlots(YOUNG);

	private OpenTable old;

	private int size;

	private int orderCapacity = MIN_ORDER;

	private long[] order = new long[MIN_ORDER + 2 * L];

	private int orderHead;

	private int orderSize;

	/** What {@link #remove} found, valid until the next call. */
	String removedName;

	long removedStartEpochNanos;

	long removedStartNanos;

	long removedParentId;

	long removedRootId;

	SpanThread removedThread;

	byte[] removedAttributes;

	int size() {
		return this.size;
	}

	void put(long id, String name, long startEpochNanos, long startNanos, long parentId, long rootId,
			SpanThread thread, byte[] attributes) {
		int slot = (int) id & (YOUNG - 1);
		if (this.young.id(slot) != 0) {
			if (this.old == null) {
				this.old = new OpenTable();
			}
			this.old.putFrom(this.young, slot);
		}
		this.young.set(slot, id, name, startEpochNanos, startNanos, parentId, rootId, thread, attributes);
		this.size++;
		pushOrder(id);
	}

	/** Removes a span; its fields are left in the {@code removed*} fields. */
	boolean remove(long id) {
		if (!removeSpan(id)) {
			return false;
		}
		// Usually the span ended is the one started last: it leaves the FIFO at once.
		if (this.orderSize > 0 && orderAt(this.orderSize - 1) == id) {
			this.orderSize--;
		}
		return true;
	}

	/** Removes the span started first, or returns false when there is none. */
	boolean removeEldest() {
		while (this.orderSize > 0) {
			long id = orderAt(0);
			this.orderHead = (this.orderHead + 1) & (this.orderCapacity - 1);
			this.orderSize--;
			if (removeSpan(id)) {
				return true;
			}
		}
		return false;
	}

	/** Visits every active span, in no particular order. */
	void forEach(Visitor visitor) {
		visitAll(this.young, visitor);
		if (this.old != null) {
			visitAll(this.old.slots(), visitor);
		}
	}

	private static void visitAll(SpanSlots slots, Visitor visitor) {
		for (int slot = 0; slot < slots.capacity; slot++) {
			if (slots.id(slot) != 0) {
				slots.visit(slot, visitor);
			}
		}
	}

	private boolean contains(long id) {
		return this.young.id((int) id & (YOUNG - 1)) == id || (this.old != null && this.old.find(id) >= 0);
	}

	private boolean removeSpan(long id) {
		if (id == 0) {
			return false;
		}
		int slot = (int) id & (YOUNG - 1);
		if (this.young.id(slot) == id) {
			this.young.readInto(slot, this);
			this.young.clear(slot);
		}
		else {
			int oldSlot = (this.old != null) ? this.old.find(id) : -1;
			if (oldSlot < 0) {
				return false;
			}
			this.old.slots().readInto(oldSlot, this);
			this.old.delete(oldSlot);
			if (this.old.size() == 0) {
				// Free the table a burst of long-lived spans left behind.
				this.old = null;
			}
		}
		this.size--;
		return true;
	}

	private long orderAt(int index) {
		return this.order[L + ((this.orderHead + index) & (this.orderCapacity - 1))];
	}

	private void pushOrder(long id) {
		if (this.orderSize > 2 * this.size + MIN_ORDER) {
			compactOrder();
		}
		if (this.orderSize == this.orderCapacity) {
			resizeOrder(this.orderCapacity * 2);
		}
		this.order[L + ((this.orderHead + this.orderSize) & (this.orderCapacity - 1))] = id;
		this.orderSize++;
	}

	/** Drops ended ids from the FIFO in place, keeping the live ones in start order. */
	private void compactOrder() {
		int mask = this.orderCapacity - 1;
		int kept = 0;
		for (int i = 0; i < this.orderSize; i++) {
			long id = orderAt(i);
			if (contains(id)) {
				this.order[L + ((this.orderHead + kept++) & mask)] = id;
			}
		}
		this.orderSize = kept;
		int wanted = Math.max(MIN_ORDER, Integer.highestOneBit(Math.max(1, kept)) * 4);
		if (this.orderCapacity > 4 * wanted) {
			// Shrink after a burst of active spans.
			resizeOrder(wanted);
		}
	}

	private void resizeOrder(int capacity) {
		long[] resized = new long[capacity + 2 * L];
		for (int i = 0; i < this.orderSize; i++) {
			resized[L + i] = orderAt(i);
		}
		this.order = resized;
		this.orderCapacity = capacity;
		this.orderHead = 0;
	}

	/** Receives the fields of an active span. */
	@FunctionalInterface
	interface Visitor {

		void visit(long id, String name, long startEpochNanos, long startNanos, long parentId, long rootId,
				SpanThread thread, byte[] attributes);

	}

	/** A table with padding after its fields; see {@link LeadingPadding}. */
	static final class Padded extends ActiveTable {

		long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

	}

}
