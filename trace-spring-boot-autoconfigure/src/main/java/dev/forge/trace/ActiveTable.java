package dev.forge.trace;

import tools.jackson.databind.JsonNode;

/**
 * The active spans of one stripe: an open-addressing table from id to the span's fields,
 * held in parallel arrays so that starting and ending a span allocates nothing, and a
 * FIFO of ids in start order for evicting the eldest. Ids never 0, so 0 marks a free
 * slot. Ended ids stay in the FIFO until it is compacted, which happens once it holds
 * more than twice the live ids, so its cost per span is constant. Not thread-safe:
 * guarded by its stripe's lock.
 */
final class ActiveTable {

	private static final int MIN_CAPACITY = 16;

	private long[] ids = new long[MIN_CAPACITY];

	private String[] names = new String[MIN_CAPACITY];

	private long[] startedAt = new long[MIN_CAPACITY];

	private long[] startNanos = new long[MIN_CAPACITY];

	private JsonNode[] attributes = new JsonNode[MIN_CAPACITY];

	private int size;

	private long[] order = new long[MIN_CAPACITY];

	private int orderHead;

	private int orderSize;

	/** What {@link #remove} found, valid until the next call. */
	String removedName;

	long removedStartedAt;

	long removedStartNanos;

	JsonNode removedAttributes;

	int size() {
		return this.size;
	}

	void put(long id, String name, long startedAt, long startNanos, JsonNode attributes) {
		if ((this.size + 1) * 2 > this.ids.length) {
			rehash(this.ids.length * 2);
		}
		int slot = slotFor(id, this.ids);
		this.ids[slot] = id;
		this.names[slot] = name;
		this.startedAt[slot] = startedAt;
		this.startNanos[slot] = startNanos;
		this.attributes[slot] = attributes;
		this.size++;
		pushOrder(id);
	}

	/** Removes a span; its fields are left in the {@code removed*} fields. */
	boolean remove(long id) {
		int slot = find(id);
		if (slot < 0) {
			return false;
		}
		this.removedName = this.names[slot];
		this.removedStartedAt = this.startedAt[slot];
		this.removedStartNanos = this.startNanos[slot];
		this.removedAttributes = this.attributes[slot];
		deleteSlot(slot);
		this.size--;
		if (this.ids.length > MIN_CAPACITY && this.size * 8 < this.ids.length) {
			rehash(this.ids.length / 2);
		}
		return true;
	}

	/** Removes the span started first, or returns false when there is none. */
	boolean removeEldest() {
		while (this.orderSize > 0) {
			long id = this.order[this.orderHead];
			this.orderHead = (this.orderHead + 1) & (this.order.length - 1);
			this.orderSize--;
			if (remove(id)) {
				return true;
			}
		}
		return false;
	}

	/** Visits every active span, in no particular order. */
	void forEach(Visitor visitor) {
		for (int slot = 0; slot < this.ids.length; slot++) {
			if (this.ids[slot] != 0) {
				visitor.visit(this.ids[slot], this.names[slot], this.startedAt[slot], this.startNanos[slot],
						this.attributes[slot]);
			}
		}
	}

	private int find(long id) {
		if (id == 0) {
			return -1;
		}
		int mask = this.ids.length - 1;
		for (int slot = hash(id) & mask;; slot = (slot + 1) & mask) {
			long candidate = this.ids[slot];
			if (candidate == id) {
				return slot;
			}
			if (candidate == 0) {
				return -1;
			}
		}
	}

	/** Backward-shift deletion keeps every probe sequence intact without tombstones. */
	private void deleteSlot(int slot) {
		int mask = this.ids.length - 1;
		int hole = slot;
		for (int next = (hole + 1) & mask; this.ids[next] != 0; next = (next + 1) & mask) {
			int home = hash(this.ids[next]) & mask;
			// Move the entry back if its home is not between the hole and its slot (cyclically).
			if (((next - home) & mask) >= ((next - hole) & mask)) {
				move(next, hole);
				hole = next;
			}
		}
		this.ids[hole] = 0;
		this.names[hole] = null;
		this.attributes[hole] = null;
	}

	private void move(int from, int to) {
		this.ids[to] = this.ids[from];
		this.names[to] = this.names[from];
		this.startedAt[to] = this.startedAt[from];
		this.startNanos[to] = this.startNanos[from];
		this.attributes[to] = this.attributes[from];
	}

	private void rehash(int capacity) {
		long[] oldIds = this.ids;
		String[] oldNames = this.names;
		long[] oldStartedAt = this.startedAt;
		long[] oldStartNanos = this.startNanos;
		JsonNode[] oldAttributes = this.attributes;
		this.ids = new long[capacity];
		this.names = new String[capacity];
		this.startedAt = new long[capacity];
		this.startNanos = new long[capacity];
		this.attributes = new JsonNode[capacity];
		for (int i = 0; i < oldIds.length; i++) {
			if (oldIds[i] != 0) {
				int slot = slotFor(oldIds[i], this.ids);
				this.ids[slot] = oldIds[i];
				this.names[slot] = oldNames[i];
				this.startedAt[slot] = oldStartedAt[i];
				this.startNanos[slot] = oldStartNanos[i];
				this.attributes[slot] = oldAttributes[i];
			}
		}
	}

	private static int slotFor(long id, long[] table) {
		int mask = table.length - 1;
		int slot = hash(id) & mask;
		while (table[slot] != 0) {
			slot = (slot + 1) & mask;
		}
		return slot;
	}

	private static int hash(long id) {
		// Ids of a stripe are mostly consecutive: their low bits already spread well.
		return (int) (id ^ (id >>> 32));
	}

	private void pushOrder(long id) {
		if (this.orderSize > 2 * this.size + MIN_CAPACITY) {
			compactOrder();
		}
		if (this.orderSize == this.order.length) {
			long[] grown = new long[this.order.length * 2];
			for (int i = 0; i < this.orderSize; i++) {
				grown[i] = this.order[(this.orderHead + i) & (this.order.length - 1)];
			}
			this.order = grown;
			this.orderHead = 0;
		}
		this.order[(this.orderHead + this.orderSize) & (this.order.length - 1)] = id;
		this.orderSize++;
	}

	/** Drops ended ids from the FIFO in place, keeping the live ones in start order. */
	private void compactOrder() {
		int mask = this.order.length - 1;
		int kept = 0;
		for (int i = 0; i < this.orderSize; i++) {
			long id = this.order[(this.orderHead + i) & mask];
			if (find(id) >= 0) {
				this.order[(this.orderHead + kept++) & mask] = id;
			}
		}
		this.orderSize = kept;
		int wanted = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, kept)) * 4);
		if (this.order.length > 4 * wanted) {
			// Shrink after a burst of active spans.
			long[] shrunk = new long[wanted];
			for (int i = 0; i < kept; i++) {
				shrunk[i] = this.order[(this.orderHead + i) & mask];
			}
			this.order = shrunk;
			this.orderHead = 0;
		}
	}

	/** Receives the fields of an active span. */
	@FunctionalInterface
	interface Visitor {

		void visit(long id, String name, long startedAt, long startNanos, JsonNode attributes);

	}

}
