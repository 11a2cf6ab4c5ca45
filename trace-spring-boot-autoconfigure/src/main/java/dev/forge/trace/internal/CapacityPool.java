package dev.forge.trace.internal;

/**
 * A global number of slots that stripes take in chunks, so the hot path touches shared
 * memory once per chunk rather than once per span, while the total never exceeds the limit.
 */
final class CapacityPool {

	// Apart from the chunk, which stripes read on every span.
	private final PaddedCounter available;

	private final int chunk;

	CapacityPool(int capacity, int stripes) {
		this.available = new PaddedCounter(capacity);
		// Small chunks for small limits, so one stripe cannot hoard a tiny buffer.
		this.chunk = Math.max(1, Math.min(64, capacity / (4 * stripes)));
	}

	int chunk() {
		return this.chunk;
	}

	/** Takes up to one chunk; returns how many slots were taken (0 when exhausted). */
	int takeChunk() {
		while (true) {
			long current = this.available.get();
			if (current <= 0) {
				return 0;
			}
			long taken = Math.min(current, this.chunk);
			if (this.available.compareAndSet(current, current - taken)) {
				return (int) taken;
			}
		}
	}

	void give(long slots) {
		if (slots > 0) {
			this.available.add(slots);
		}
	}

}
