package dev.forge.trace.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Hands out span ids in aligned blocks of {@value #BLOCK_SIZE}, one shared write per block,
 * and remembers which stripe took each recent block so {@code end} finds a span's stripe
 * without a search. Ids are unsigned 64-bit values; the block after the last one wraps to
 * the block holding 0, and 0 itself is never handed out.
 */
final class IdBlocks {

	// 64 ids: one shared write per 64 spans, and ids of different threads stay close.
	static final int BLOCK_SHIFT = 6;

	static final long BLOCK_SIZE = 1L << BLOCK_SHIFT;

	private static final long OFFSET_MASK = BLOCK_SIZE - 1;

	// 16384 blocks = about a million ids; an older span is found by searching every stripe.
	private static final int SLOT_BITS = 14;

	private static final int OWNER_SLOTS = 1 << SLOT_BITS;

	// Apart from the fields read on every span: threads take blocks from it, and it moves.
	private final PaddedCounter nextBlock = new PaddedCounter(0);

	private final AtomicLongArray owners = new AtomicLongArray(OWNER_SLOTS);

	private volatile int generation;

	private volatile long pendingFirstId;

	IdBlocks() {
		setNextId(1);
	}

	int generation() {
		return this.generation;
	}

	/**
	 * Reserves the next block for a stripe.
	 * @return the block's first id; it holds {@link #BLOCK_SIZE} ids
	 */
	long reserve(int stripe) {
		long start = this.nextBlock.getAndIncrement() << BLOCK_SHIFT;
		// A release store: a volatile one waits for its cache line (a new one per block, likely
		// not cached) before the span goes on. The block's ids reach other threads only after
		// this store; where it is not seen yet, end searches every stripe.
		this.owners.setRelease(slot(start), start | stripe);
		return start;
	}

	/** The first id to hand out from the block starting at {@code start}: past a test's {@link #setNextId}. */
	long firstId(long start) {
		long pending = this.pendingFirstId;
		if (pending != 0 && (pending & ~OFFSET_MASK) == start) {
			this.pendingFirstId = 0;
			return pending;
		}
		return start;
	}

	/**
	 * The stripe that reserved the block holding {@code id}.
	 * @return the stripe index, or -1 when the block is not remembered
	 */
	int ownerOf(long id) {
		long entry = this.owners.get(slot(id));
		return ((entry & ~OFFSET_MASK) == (id & ~OFFSET_MASK)) ? (int) (entry & OFFSET_MASK) : -1;
	}

	/**
	 * Makes {@code id} the next id handed out and drops every stripe's current block. Not
	 * safe while spans are being started: meant for tests of the wrap-around.
	 */
	void setNextId(long id) {
		this.nextBlock.set(id >>> BLOCK_SHIFT);
		this.pendingFirstId = id;
		this.generation++;
	}

	/**
	 * Consecutive blocks, which different threads take, eight longs apart: a thread looking
	 * up its own block's owner does not read a cache line another thread just wrote.
	 */
	private static int slot(long id) {
		int block = (int) ((id >>> BLOCK_SHIFT) & (OWNER_SLOTS - 1));
		return ((block << 3) | (block >>> (SLOT_BITS - 3))) & (OWNER_SLOTS - 1);
	}

}
