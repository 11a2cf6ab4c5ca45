package dev.forge.trace.internal;

import org.jspecify.annotations.Nullable;

/**
 * Active spans, a slot each: the span's id in one array, the {@link OpenSpan} in another.
 * An id of 0 marks a free slot. Each array has 128 bytes of padding at both ends, so that
 * no other stripe's data shares a cache line with a slot, whatever the garbage collector
 * puts next to it; see {@link LeadingPadding}.
 */
final class SpanSlots {

	private static final int L = 16;

	private static final int R = 32;

	final int capacity;

	private final long[] ids;

	// Not final: see renewSpans.
	private @Nullable OpenSpan[] spans;

	SpanSlots(int capacity) {
		this.capacity = capacity;
		this.ids = new long[capacity + 2 * L];
		this.spans = new OpenSpan[capacity + 2 * R];
	}

	long id(int slot) {
		return this.ids[L + slot];
	}

	@SuppressWarnings("NullAway")
	OpenSpan span(int slot) {
		return this.spans[R + slot];
	}

	void set(int slot, long id, OpenSpan span) {
		this.ids[L + slot] = id;
		this.spans[R + slot] = span;
	}

	void copyTo(int slot, SpanSlots target, int targetSlot) {
		target.ids[L + targetSlot] = this.ids[L + slot];
		target.spans[R + targetSlot] = this.spans[R + slot];
	}

	/**
	 * Moves the spans into a newly allocated array. G1 fences every store of a reference
	 * into an array outside the young generation (a card check, a {@code StoreLoad} barrier
	 * and a recheck), and the young ring takes one such store per span; stores into a young
	 * array skip all that. A table renewed often enough is always young when it is written.
	 */
	void renewSpans() {
		this.spans = this.spans.clone();
	}

	void clear(int slot) {
		this.ids[L + slot] = 0;
		this.spans[R + slot] = null;
	}

}
