package dev.forge.trace.internal;

/**
 * The recent durations of the local roots of one name on one stripe, for telling slow
 * roots: the same log-linear buckets as {@link DurationStats}, halved whenever they hold
 * {@link #DECAY_AT} durations, so that the percentile follows the last few thousand roots
 * rather than all since startup. Guarded by the stripe's lock; merged for reading.
 */
class RootLatency extends LeadingPadding {

	/** Roots a name needs before its 99th percentile can call a root slow. */
	static final int MIN_SAMPLES = 100;

	static final int DECAY_AT = 2048;

	private final int[] buckets = new int[DurationStats.BUCKETS];

	private int count;

	private long maxNanos;

	// The 99th percentile, recomputed every 128 roots rather than on each.
	private long p99Nanos = Long.MAX_VALUE;

	private int sinceP99;

	// The slowest roots of the keep window on this stripe: their durations and end times,
	// the fastest of them, and the earliest end (none expires before the window passes it).
	private long[] slowestNanos;

	private long[] slowestEnds;

	private int slowestCount;

	private int fastestAt;

	private long earliestEnd;

	/**
	 * Records a root's duration (not negative), already placed in its bucket by
	 * {@link DurationStats#record}.
	 */
	void record(long duration, int bucket) {
		this.buckets[bucket]++;
		this.maxNanos = Math.max(this.maxNanos, duration);
		if (++this.count >= DECAY_AT) {
			int kept = 0;
			for (int i = 0; i < this.buckets.length; i++) {
				this.buckets[i] >>= 1;
				kept += this.buckets[i];
			}
			this.count = kept;
		}
		this.sinceP99++;
	}

	/**
	 * The 99th percentile of the recent roots: {@link Long#MAX_VALUE} (nothing is slow)
	 * below {@link #MIN_SAMPLES} of them. Refreshed every 128 roots.
	 */
	long p99ThresholdNanos() {
		if (this.count < MIN_SAMPLES) {
			return Long.MAX_VALUE;
		}
		if (this.p99Nanos == Long.MAX_VALUE || this.sinceP99 >= 128) {
			this.p99Nanos = percentileNanos(0.99);
			this.sinceP99 = 0;
		}
		return this.p99Nanos;
	}

	/**
	 * Whether a root that ended at {@code endNanos} is among the {@code places} slowest of
	 * its name that ended in the last {@code windowNanos} on this stripe, and so may be
	 * among the name's slowest kept traces (checked there against every stripe's). Cold
	 * start included: the first roots of a name have nothing to be slower than.
	 */
	boolean amongSlowest(long nanos, long endNanos, int places, long windowNanos) {
		if (places <= 0) {
			return false;
		}
		if (this.slowestNanos == null) {
			this.slowestNanos = new long[places];
			this.slowestEnds = new long[places];
		}
		// Called for every root: the common case, full and none expired, is one comparison.
		if (this.slowestCount > 0 && endNanos - this.earliestEnd > windowNanos) {
			expire(endNanos, windowNanos);
		}
		int at;
		if (this.slowestCount < places) {
			at = this.slowestCount++;
		}
		else if (nanos <= this.slowestNanos[this.fastestAt]) {
			return false;
		}
		else {
			at = this.fastestAt;
		}
		this.slowestNanos[at] = nanos;
		this.slowestEnds[at] = endNanos;
		summarize();
		return true;
	}

	private void expire(long endNanos, long windowNanos) {
		int kept = 0;
		for (int i = 0; i < this.slowestCount; i++) {
			if (endNanos - this.slowestEnds[i] <= windowNanos) {
				this.slowestNanos[kept] = this.slowestNanos[i];
				this.slowestEnds[kept] = this.slowestEnds[i];
				kept++;
			}
		}
		this.slowestCount = kept;
		summarize();
	}

	private void summarize() {
		this.fastestAt = 0;
		this.earliestEnd = (this.slowestCount > 0) ? this.slowestEnds[0] : 0;
		for (int i = 1; i < this.slowestCount; i++) {
			if (this.slowestNanos[i] < this.slowestNanos[this.fastestAt]) {
				this.fastestAt = i;
			}
			// nanoTime may wrap, so compare differences rather than values.
			if (this.slowestEnds[i] - this.earliestEnd < 0) {
				this.earliestEnd = this.slowestEnds[i];
			}
		}
	}

	void addTo(RootLatency target) {
		for (int i = 0; i < this.buckets.length; i++) {
			target.buckets[i] += this.buckets[i];
		}
		target.count += this.count;
		target.maxNanos = Math.max(target.maxNanos, this.maxNanos);
	}

	int count() {
		return this.count;
	}

	long percentileNanos(double quantile) {
		return DurationStats.percentileNanos(this.buckets, this.count, this.maxNanos, quantile);
	}

	/** Latencies one thread writes on every root, with padding; see {@link LeadingPadding}. */
	static final class Padded extends RootLatency {

		long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

	}

}
