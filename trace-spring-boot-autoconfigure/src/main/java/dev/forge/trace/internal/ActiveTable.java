package dev.forge.trace.internal;

import org.jspecify.annotations.Nullable;

/**
 * The active spans of one stripe, and their start order for evicting the eldest. Putting
 * and removing a span allocates nothing, and costs the same however many spans are active.
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

	// Puts between renewals of the young ring's span array: at a span a microsecond, every
	// millisecond, far more often than the young collections that would age it.
	private static final int RENEW_EVERY = 1024;

	// Padding at each end of the order array, in longs; see SpanSlots.
	private static final int L = 16;

	private final SpanSlots young = new SpanSlots(YOUNG);

	private OpenTable old;

	private int size;

	private int puts;

	private int orderCapacity = MIN_ORDER;

	private long[] order = new long[MIN_ORDER + 2 * L];

	private int orderHead;

	private int orderSize;

	int size() {
		return this.size;
	}

	void put(long id, OpenSpan span) {
		int slot = (int) id & (YOUNG - 1);
		if (this.young.id(slot) != 0) {
			if (this.old == null) {
				this.old = new OpenTable();
			}
			this.old.putFrom(this.young, slot);
		}
		if ((++this.puts & (RENEW_EVERY - 1)) == 0) {
			this.young.renewSpans();
		}
		this.young.set(slot, id, span);
		this.size++;
		pushOrder(id);
	}

	/** Removes a span and returns it, or {@code null} when it is not here. */
	@Nullable OpenSpan remove(long id) {
		OpenSpan span = removeSpan(id);
		// Usually the span ended is the one started last: it leaves the FIFO at once.
		if (span != null && this.orderSize > 0 && orderAt(this.orderSize - 1) == id) {
			this.orderSize--;
		}
		return span;
	}

	/** Removes the span started first and returns it, or {@code null} when there is none. */
	@Nullable OpenSpan removeEldest() {
		while (this.orderSize > 0) {
			long id = orderAt(0);
			this.orderHead = (this.orderHead + 1) & (this.orderCapacity - 1);
			this.orderSize--;
			OpenSpan span = removeSpan(id);
			if (span != null) {
				return span;
			}
		}
		return null;
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
			long id = slots.id(slot);
			if (id != 0) {
				visitor.visit(id, slots.span(slot));
			}
		}
	}

	private boolean contains(long id) {
		return this.young.id((int) id & (YOUNG - 1)) == id || (this.old != null && this.old.find(id) >= 0);
	}

	private @Nullable OpenSpan removeSpan(long id) {
		if (id == 0) {
			return null;
		}
		int slot = (int) id & (YOUNG - 1);
		OpenSpan span;
		if (this.young.id(slot) == id) {
			span = this.young.span(slot);
			this.young.clear(slot);
		}
		else {
			int oldSlot = (this.old != null) ? this.old.find(id) : -1;
			if (oldSlot < 0) {
				return null;
			}
			span = this.old.slots().span(oldSlot);
			this.old.delete(oldSlot);
			if (this.old.size() == 0) {
				// Free the table a burst of long-lived spans left behind.
				this.old = null;
			}
		}
		this.size--;
		return span;
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

	/** Receives an active span. */
	@FunctionalInterface
	interface Visitor {

		void visit(long id, OpenSpan span);

	}

	/** A table with padding after its fields; see {@link LeadingPadding}. */
	static final class Padded extends ActiveTable {

		long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

	}

}
