package dev.forge.trace.internal;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link Stripe} owns of the spans started and not yet ended: their table, the
 * slots it holds of {@code max-active-spans}, and the spans evicted as abandoned. The
 * first of the classes a stripe is made of (then {@link FinishedRecords}, then
 * {@link Stripe}): one object, so that all of a stripe's hot fields lie between its
 * padding ({@link LeadingPadding}) and one lock, the stripe's ({@link StripeLock}), guards them.
 */
abstract class OpenSpans extends StripeLock {

	private final CapacityPool activePool;

	private ActiveTable active;

	private int activeSlots;

	private long abandoned;

	OpenSpans(CapacityPool activePool) {
		this.activePool = activePool;
	}

	/** Puts a started span in the table if a slot is free or the eldest here can give its own. */
	final boolean open(long id, OpenSpan span) {
		if (!reserveActiveSlot()) {
			return false;
		}
		if (this.active == null) {
			// Created by the first thread to use it: from its allocation buffer, not beside another stripe's.
			this.active = new ActiveTable.Padded();
		}
		this.active.put(id, span);
		return true;
	}

	/** Removes an ended span and returns it, or {@code null} when it is not active here. */
	final @Nullable OpenSpan close(long id) {
		ActiveTable table = this.active;
		OpenSpan span = (table != null) ? table.remove(id) : null;
		if (span != null) {
			releaseActiveSlot();
		}
		return span;
	}

	final void abandon() {
		this.abandoned++;
	}

	/** The active spans here; called holding this stripe's lock. */
	final int activeCountHeld() {
		return (this.active != null) ? this.active.size() : 0;
	}

	/** Evicts the eldest active span as abandoned, for another stripe: its slot goes to the pool. */
	final boolean evictEldest() {
		lock();
		try {
			if (!evictEldestKeepingSlot()) {
				return false;
			}
			this.activePool.give(1);
			return true;
		}
		finally {
			unlock();
		}
	}

	final void forEachActive(ActiveTable.Visitor visitor) {
		lock();
		try {
			if (this.active != null) {
				this.active.forEach(visitor);
			}
		}
		finally {
			unlock();
		}
	}

	/** Adds the active and abandoned counts into {@code totals}, in {@code TraceStats} order. */
	final void addOpenCounters(long[] totals) {
		totals[5] += (this.active != null) ? this.active.size() : 0;
		totals[6] += this.abandoned;
	}

	private boolean evictEldestKeepingSlot() {
		if (this.active == null || this.active.removeEldest() == null) {
			return false;
		}
		this.abandoned++;
		return true;
	}

	private boolean reserveActiveSlot() {
		if (this.activeSlots == 0) {
			this.activeSlots = this.activePool.takeChunk();
		}
		if (this.activeSlots > 0) {
			this.activeSlots--;
			return true;
		}
		// The eldest's slot passes straight to the new span.
		return evictEldestKeepingSlot();
	}

	private void releaseActiveSlot() {
		this.activeSlots++;
		int chunk = this.activePool.chunk();
		if (this.activeSlots > 2 * chunk) {
			this.activePool.give(this.activeSlots - chunk);
			this.activeSlots = chunk;
		}
	}

}
