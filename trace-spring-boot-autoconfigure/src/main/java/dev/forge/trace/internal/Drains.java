package dev.forge.trace.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceStats;

/**
 * The one drain of a {@link TraceEngine}: records leave the stripes here, in batches that
 * are settled later (committed, or given back to be returned first by the next drain), and
 * pass through the recent window on their way out. Also the counters' consistent read:
 * {@code flushed + dropped + evicted + buffered == finished} holds in every snapshot because every
 * record is counted in exactly one place under the drain lock.
 */
final class Drains {

	private final Stripe[] stripes;

	private final CapacityPool finishedPool;

	private final ReentrantLock lock = new ReentrantLock();

	// Records moved out of the stripes but not yet handed out, or given back; guarded by lock.
	private final ArrayDeque<SpanRecord> drained = new ArrayDeque<>();

	// The most recent records that left the stripes; guarded by lock.
	private final RecentRecords recent;

	// Records handed out in batches not yet settled; guarded by lock.
	private long inFlight;

	private long flushed;

	// When records last left the stripes (System.nanoTime), so a trace that started after it
	// is known to have nothing in the recent window.
	private volatile long lastDrainNanos = System.nanoTime() - Long.MAX_VALUE / 2;

	Drains(Stripe[] stripes, CapacityPool finishedPool, int recentSpans) {
		this.stripes = stripes;
		this.finishedPool = finishedPool;
		this.recent = new RecentRecords(recentSpans);
	}

	/** At most {@code limit} of the oldest records, counted as in flight until settled. */
	List<SpanRecord> take(int limit) {
		this.lock.lock();
		try {
			List<SpanRecord> result;
			if (this.drained.isEmpty() && limit == Integer.MAX_VALUE) {
				// The common case: everything, straight from the stripes.
				SpanRecord[] records = StripeReads.drain(this.stripes);
				this.lastDrainNanos = System.nanoTime(); // after: whatever this drain took finished before it
				this.recent.addAll(records);
				result = Arrays.asList(records);
			}
			else {
				if (this.drained.size() < limit) {
					SpanRecord[] records = StripeReads.drain(this.stripes);
					this.lastDrainNanos = System.nanoTime();
					this.recent.addAll(records);
					Collections.addAll(this.drained, records);
				}
				int count = Math.min(limit, this.drained.size());
				result = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					result.add(this.drained.pollFirst());
				}
			}
			this.inFlight += result.size();
			return Collections.unmodifiableList(result);
		}
		finally {
			this.lock.unlock();
		}
	}

	void settle(List<SpanRecord> records, boolean delivered) {
		this.lock.lock();
		try {
			this.inFlight -= records.size();
			if (delivered) {
				this.flushed += records.size();
				this.finishedPool.give(records.size());
			}
			else {
				for (int i = records.size() - 1; i >= 0; i--) {
					this.drained.addFirst(records.get(i));
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The {@code capacity} newest records, drained or still buffered, oldest first. */
	List<SpanRecord> recent(int capacity) {
		this.lock.lock();
		try {
			// Drained records are older than those still in the stripes.
			List<SpanRecord> records = this.recent.list();
			Collections.addAll(records, StripeReads.buffered(this.stripes));
			return List.copyOf(records.subList(Math.max(0, records.size() - capacity), records.size()));
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Adds the records of a local trace (its root started at {@code sinceNanos}) still in
	 * the recent window, newest first, up to {@code max}; nothing to do, and no lock taken,
	 * when no drain ran since the trace began.
	 */
	void collectRecent(long rootId, long sinceNanos, List<SpanRecord> into, int max) {
		if (this.lastDrainNanos - sinceNanos < 0) {
			return;
		}
		this.lock.lock();
		try {
			this.recent.collectTrace(rootId, into, max);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The counters.
	 * @param notCapturedElsewhere values not captured outside the stripes (baggage that did
	 * not fit), counted with theirs
	 */
	TraceStats stats(long notCapturedElsewhere) {
		long[] totals = new long[10];
		this.lock.lock();
		try {
			for (Stripe stripe : this.stripes) {
				stripe.addCounters(totals);
			}
			long buffered = totals[4] + this.drained.size() + this.inFlight;
			return new TraceStats(totals[0], totals[1], totals[2], totals[1] + totals[2], this.flushed, totals[3],
					totals[9], buffered, totals[5], totals[6], totals[7], totals[8] + notCapturedElsewhere);
		}
		finally {
			this.lock.unlock();
		}
	}

}
