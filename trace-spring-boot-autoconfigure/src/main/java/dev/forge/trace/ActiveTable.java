package dev.forge.trace;

/**
 * The active spans of one stripe: an open-addressing table from id to the span's fields,
 * held in parallel arrays so that starting and ending a span allocates nothing, and a
 * FIFO of ids in start order for evicting the eldest. Ids never 0, so 0 marks a free
 * slot. Ended ids stay in the FIFO until it is compacted, which happens once it holds
 * more than twice the live ids, so its cost per span is constant. Not thread-safe:
 * guarded by its stripe's lock.
 * <p>
 * Each array has 128 bytes of padding at both ends ({@code L} longs or {@code R}
 * references; slot indexes are offset by them), so that no other stripe's data shares a
 * cache line with a slot, whatever the garbage collector puts next to the array; see
 * {@link LeadingPadding}.
 */
class ActiveTable extends LeadingPadding {

	private static final int MIN_CAPACITY = 16;

	// Padding, in elements, at each end of a long[] and of a reference array.
	private static final int L = 16;

	private static final int R = 32;

	private int capacity = MIN_CAPACITY;

	private long[] ids = longs(MIN_CAPACITY);

	private String[] names = new String[MIN_CAPACITY + 2 * R];

	private long[] startEpochNanos = longs(MIN_CAPACITY);

	private long[] startNanos = longs(MIN_CAPACITY);

	private long[] parentIds = longs(MIN_CAPACITY);

	private long[] rootIds = longs(MIN_CAPACITY);

	private SpanThread[] threads = new SpanThread[MIN_CAPACITY + 2 * R];

	private byte[][] attributes = new byte[MIN_CAPACITY + 2 * R][];

	private int size;

	private int orderCapacity = MIN_CAPACITY;

	private long[] order = longs(MIN_CAPACITY);

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
		if ((this.size + 1) * 2 > this.capacity) {
			rehash(this.capacity * 2);
		}
		int slot = slotFor(id, this.ids, this.capacity);
		this.ids[L + slot] = id;
		this.names[R + slot] = name;
		this.startEpochNanos[L + slot] = startEpochNanos;
		this.startNanos[L + slot] = startNanos;
		this.parentIds[L + slot] = parentId;
		this.rootIds[L + slot] = rootId;
		this.threads[R + slot] = thread;
		this.attributes[R + slot] = attributes;
		this.size++;
		pushOrder(id);
	}

	/** Removes a span; its fields are left in the {@code removed*} fields. */
	boolean remove(long id) {
		int slot = find(id);
		if (slot < 0) {
			return false;
		}
		this.removedName = this.names[R + slot];
		this.removedStartEpochNanos = this.startEpochNanos[L + slot];
		this.removedStartNanos = this.startNanos[L + slot];
		this.removedParentId = this.parentIds[L + slot];
		this.removedRootId = this.rootIds[L + slot];
		this.removedThread = this.threads[R + slot];
		this.removedAttributes = this.attributes[R + slot];
		deleteSlot(slot);
		this.size--;
		if (this.capacity > MIN_CAPACITY && this.size * 8 < this.capacity) {
			rehash(this.capacity / 2);
		}
		return true;
	}

	/** Removes the span started first, or returns false when there is none. */
	boolean removeEldest() {
		while (this.orderSize > 0) {
			long id = this.order[L + this.orderHead];
			this.orderHead = (this.orderHead + 1) & (this.orderCapacity - 1);
			this.orderSize--;
			if (remove(id)) {
				return true;
			}
		}
		return false;
	}

	/** Visits every active span, in no particular order. */
	void forEach(Visitor visitor) {
		for (int slot = 0; slot < this.capacity; slot++) {
			if (this.ids[L + slot] != 0) {
				visitor.visit(this.ids[L + slot], this.names[R + slot], this.startEpochNanos[L + slot],
						this.startNanos[L + slot], this.parentIds[L + slot], this.rootIds[L + slot],
						this.threads[R + slot], this.attributes[R + slot]);
			}
		}
	}

	private int find(long id) {
		if (id == 0) {
			return -1;
		}
		int mask = this.capacity - 1;
		for (int slot = hash(id) & mask;; slot = (slot + 1) & mask) {
			long candidate = this.ids[L + slot];
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
		int mask = this.capacity - 1;
		int hole = slot;
		for (int next = (hole + 1) & mask; this.ids[L + next] != 0; next = (next + 1) & mask) {
			int home = hash(this.ids[L + next]) & mask;
			// Move the entry back if its home is not between the hole and its slot (cyclically).
			if (((next - home) & mask) >= ((next - hole) & mask)) {
				move(next, hole);
				hole = next;
			}
		}
		this.ids[L + hole] = 0;
		this.names[R + hole] = null;
		this.threads[R + hole] = null;
		this.attributes[R + hole] = null;
	}

	private void move(int from, int to) {
		this.ids[L + to] = this.ids[L + from];
		this.names[R + to] = this.names[R + from];
		this.startEpochNanos[L + to] = this.startEpochNanos[L + from];
		this.startNanos[L + to] = this.startNanos[L + from];
		this.parentIds[L + to] = this.parentIds[L + from];
		this.rootIds[L + to] = this.rootIds[L + from];
		this.threads[R + to] = this.threads[R + from];
		this.attributes[R + to] = this.attributes[R + from];
	}

	private void rehash(int newCapacity) {
		int oldCapacity = this.capacity;
		long[] oldIds = this.ids;
		String[] oldNames = this.names;
		long[] oldStartEpochNanos = this.startEpochNanos;
		long[] oldStartNanos = this.startNanos;
		long[] oldParentIds = this.parentIds;
		long[] oldRootIds = this.rootIds;
		SpanThread[] oldThreads = this.threads;
		byte[][] oldAttributes = this.attributes;
		this.capacity = newCapacity;
		this.ids = longs(newCapacity);
		this.names = new String[newCapacity + 2 * R];
		this.startEpochNanos = longs(newCapacity);
		this.startNanos = longs(newCapacity);
		this.parentIds = longs(newCapacity);
		this.rootIds = longs(newCapacity);
		this.threads = new SpanThread[newCapacity + 2 * R];
		this.attributes = new byte[newCapacity + 2 * R][];
		for (int i = 0; i < oldCapacity; i++) {
			long id = oldIds[L + i];
			if (id != 0) {
				int slot = slotFor(id, this.ids, newCapacity);
				this.ids[L + slot] = id;
				this.names[R + slot] = oldNames[R + i];
				this.startEpochNanos[L + slot] = oldStartEpochNanos[L + i];
				this.startNanos[L + slot] = oldStartNanos[L + i];
				this.parentIds[L + slot] = oldParentIds[L + i];
				this.rootIds[L + slot] = oldRootIds[L + i];
				this.threads[R + slot] = oldThreads[R + i];
				this.attributes[R + slot] = oldAttributes[R + i];
			}
		}
	}

	private static long[] longs(int capacity) {
		return new long[capacity + 2 * L];
	}

	private static int slotFor(long id, long[] table, int capacity) {
		int mask = capacity - 1;
		int slot = hash(id) & mask;
		while (table[L + slot] != 0) {
			slot = (slot + 1) & mask;
		}
		return slot;
	}

	/**
	 * Mixes all bits of the id (the finalizer of MurmurHash3). Ids of a stripe are runs of
	 * consecutive values: hashed by their low bits, long-lived ones filled one run of slots
	 * that every later insert, delete and eviction scanned, so the cost grew with the number
	 * of active spans.
	 */
	private static int hash(long id) {
		long h = id;
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		h ^= h >>> 33;
		return (int) h;
	}

	private void pushOrder(long id) {
		if (this.orderSize > 2 * this.size + MIN_CAPACITY) {
			compactOrder();
		}
		int mask = this.orderCapacity - 1;
		if (this.orderSize == this.orderCapacity) {
			long[] grown = longs(this.orderCapacity * 2);
			for (int i = 0; i < this.orderSize; i++) {
				grown[L + i] = this.order[L + ((this.orderHead + i) & mask)];
			}
			this.order = grown;
			this.orderCapacity *= 2;
			this.orderHead = 0;
			mask = this.orderCapacity - 1;
		}
		this.order[L + ((this.orderHead + this.orderSize) & mask)] = id;
		this.orderSize++;
	}

	/** Drops ended ids from the FIFO in place, keeping the live ones in start order. */
	private void compactOrder() {
		int mask = this.orderCapacity - 1;
		int kept = 0;
		for (int i = 0; i < this.orderSize; i++) {
			long id = this.order[L + ((this.orderHead + i) & mask)];
			if (find(id) >= 0) {
				this.order[L + ((this.orderHead + kept++) & mask)] = id;
			}
		}
		this.orderSize = kept;
		int wanted = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, kept)) * 4);
		if (this.orderCapacity > 4 * wanted) {
			// Shrink after a burst of active spans.
			long[] shrunk = longs(wanted);
			for (int i = 0; i < kept; i++) {
				shrunk[L + i] = this.order[L + ((this.orderHead + i) & mask)];
			}
			this.order = shrunk;
			this.orderCapacity = wanted;
			this.orderHead = 0;
		}
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
