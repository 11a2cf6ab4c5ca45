package dev.forge.trace.internal;

/**
 * Open addressing with linear probing over {@link SpanSlots}, for the spans that outlive
 * their place in {@link ActiveTable}'s young ring. Ids are hashed with all their bits
 * mixed: a stripe's ids are runs of consecutive values, and hashed by their low bits
 * long-lived ones would fill one run of slots that every later insert and delete scans.
 * Kept at most half full; deletion shifts entries back, so there are no tombstones.
 */
final class OpenTable {

	static final int MIN_CAPACITY = 16;

	private SpanSlots slots = new SpanSlots(MIN_CAPACITY);

	private int size;

	int size() {
		return this.size;
	}

	SpanSlots slots() {
		return this.slots;
	}

	/** Moves a span in from another set of slots. */
	void putFrom(SpanSlots source, int sourceSlot) {
		if ((this.size + 1) * 2 > this.slots.capacity) {
			rehash(this.slots.capacity * 2);
		}
		long id = source.id(sourceSlot);
		source.copyTo(sourceSlot, this.slots, freeSlotFor(id, this.slots));
		this.size++;
	}

	/** The slot holding {@code id}, or -1. */
	int find(long id) {
		int mask = this.slots.capacity - 1;
		for (int slot = hash(id) & mask;; slot = (slot + 1) & mask) {
			long candidate = this.slots.id(slot);
			if (candidate == id) {
				return slot;
			}
			if (candidate == 0) {
				return -1;
			}
		}
	}

	/** Deletes the entry at {@code slot}, shifting back the entries whose probe passed it. */
	void delete(int slot) {
		SpanSlots table = this.slots;
		int mask = table.capacity - 1;
		int hole = slot;
		for (int next = (hole + 1) & mask; table.id(next) != 0; next = (next + 1) & mask) {
			int home = hash(table.id(next)) & mask;
			// Move the entry back if its home is not between the hole and its slot (cyclically).
			if (((next - home) & mask) >= ((next - hole) & mask)) {
				table.copyTo(next, table, hole);
				hole = next;
			}
		}
		table.clear(hole);
		this.size--;
		if (table.capacity > MIN_CAPACITY && this.size * 8 < table.capacity) {
			rehash(table.capacity / 2);
		}
	}

	private void rehash(int newCapacity) {
		SpanSlots old = this.slots;
		this.slots = new SpanSlots(newCapacity);
		for (int i = 0; i < old.capacity; i++) {
			if (old.id(i) != 0) {
				old.copyTo(i, this.slots, freeSlotFor(old.id(i), this.slots));
			}
		}
	}

	private static int freeSlotFor(long id, SpanSlots slots) {
		int mask = slots.capacity - 1;
		int slot = hash(id) & mask;
		while (slots.id(slot) != 0) {
			slot = (slot + 1) & mask;
		}
		return slot;
	}

	/** All bits of the id mixed: the finalizer of MurmurHash3. */
	private static int hash(long id) {
		long h = id;
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		h ^= h >>> 33;
		return (int) h;
	}

}
