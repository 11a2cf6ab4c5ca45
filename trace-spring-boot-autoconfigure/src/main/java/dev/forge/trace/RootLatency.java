package dev.forge.trace;

/**
 * The recent durations of the local roots of one name on one stripe, for telling slow
 * roots: the same log-linear buckets as {@link DurationStats}, halved whenever they hold
 * {@link #DECAY_AT} durations, so that the percentile follows the last few thousand roots
 * rather than all since startup. Guarded by the stripe's lock; merged for reading.
 */
final class RootLatency {

	/** Roots a name needs before its 99th percentile can call a root slow. */
	static final int MIN_SAMPLES = 100;

	static final int DECAY_AT = 2048;

	private final int[] buckets = new int[DurationStats.BUCKETS];

	private int count;

	private long maxNanos;

	// The 99th percentile, recomputed every 128 roots rather than on each.
	private long p99Nanos = Long.MAX_VALUE;

	private int sinceP99;

	void record(long nanos) {
		long duration = Math.max(0, nanos);
		this.buckets[DurationStats.bucket(duration)]++;
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

}
