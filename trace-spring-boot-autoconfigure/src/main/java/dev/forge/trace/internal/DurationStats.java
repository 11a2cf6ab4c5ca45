package dev.forge.trace.internal;

/**
 * Count, errors, total, max and a log-linear histogram of the durations of one span name
 * on one stripe: exact below 8 ns, then 8 buckets per power of two of nanoseconds, so a
 * percentile is read to within 6.25%; split where a fine bucket holds a bound of the
 * coarse {@link LatencyScale}, so its bars count exactly. Guarded by the stripe's lock;
 * merged for reading.
 */
class DurationStats extends LeadingPadding {

	private static final int SUB_BUCKET_BITS = 3;

	private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

	// 8 exact buckets, then 50 powers of two: up to 2^53 ns, about 104 days; longer is clamped.
	static final int BUCKETS = SUB_BUCKETS + 50 * SUB_BUCKETS;

	long count;

	long errors;

	long totalNanos;

	long maxNanos;

	// The fine buckets, then per coarse bound the durations at or below it in the fine
	// bucket that holds it (LatencyScale).
	final int[] buckets = new int[BUCKETS + LatencyScale.BOUNDS_NANOS.length];

	// The recent durations of this name's local roots, once it has one.
	RootLatency roots;

	/** Records a duration; a local root's also among its name's recent roots ({@link #roots()}). */
	void record(long nanos, boolean error, boolean root) {
		long duration = Math.max(0, nanos);
		this.count++;
		if (error) {
			this.errors++;
		}
		this.totalNanos += duration;
		this.maxNanos = Math.max(this.maxNanos, duration);
		int bucket = bucket(duration);
		this.buckets[bucket]++;
		int bound = LatencyScale.split(bucket);
		if (bound >= 0 && duration <= LatencyScale.BOUNDS_NANOS[bound]) {
			this.buckets[BUCKETS + bound]++;
		}
		if (root) {
			roots().record(duration, bucket);
		}
	}

	void addTo(DurationStats target) {
		target.count += this.count;
		target.errors += this.errors;
		target.totalNanos += this.totalNanos;
		target.maxNanos = Math.max(target.maxNanos, this.maxNanos);
		for (int i = 0; i < this.buckets.length; i++) {
			target.buckets[i] += this.buckets[i];
		}
		if (this.roots != null) {
			this.roots.addTo(target.roots());
		}
	}

	/** The recent root durations of this name, created with its first root. */
	RootLatency roots() {
		if (this.roots == null) {
			this.roots = newRoots();
		}
		return this.roots;
	}

	RootLatency newRoots() {
		return new RootLatency();
	}

	/** The duration below which a fraction {@code quantile} of the durations fall, in nanoseconds. */
	long percentileNanos(double quantile) {
		return percentileNanos(this.buckets, this.count, this.maxNanos, quantile);
	}

	/** The percentile of a histogram in these buckets, capped at the longest duration seen. */
	static long percentileNanos(int[] buckets, long count, long maxNanos, double quantile) {
		if (count == 0) {
			return 0;
		}
		long rank = Math.max(1, (long) Math.ceil(quantile * count));
		long seen = 0;
		for (int i = 0; i < BUCKETS; i++) {
			seen += buckets[i];
			if (seen >= rank) {
				return Math.min(midpointNanos(i), maxNanos);
			}
		}
		return maxNanos;
	}

	static int bucket(long nanos) {
		if (nanos < SUB_BUCKETS) {
			return (int) Math.max(0, nanos);
		}
		int exponent = 63 - Long.numberOfLeadingZeros(nanos);
		int subBucket = (int) ((nanos >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1));
		return Math.min(SUB_BUCKETS + (exponent - SUB_BUCKET_BITS) * SUB_BUCKETS + subBucket, BUCKETS - 1);
	}

	static long midpointNanos(int bucket) {
		if (bucket < SUB_BUCKETS) {
			return bucket;
		}
		long lower = lowerNanos(bucket);
		return lower + (upperNanos(bucket) - lower) / 2;
	}

	/** The shortest duration in a bucket. */
	static long lowerNanos(int bucket) {
		if (bucket < SUB_BUCKETS) {
			return bucket;
		}
		int shift = (bucket - SUB_BUCKETS) / SUB_BUCKETS;
		return (long) (SUB_BUCKETS + (bucket - SUB_BUCKETS) % SUB_BUCKETS) << shift;
	}

	/** The first duration past a bucket. */
	static long upperNanos(int bucket) {
		if (bucket < SUB_BUCKETS) {
			return bucket + 1;
		}
		int shift = (bucket - SUB_BUCKETS) / SUB_BUCKETS;
		return (SUB_BUCKETS + (bucket - SUB_BUCKETS) % SUB_BUCKETS + 1L) << shift;
	}

	/** Statistics that one thread writes on every span, with padding; see {@link LeadingPadding}. */
	static final class Padded extends DurationStats {

		long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

		@Override
		RootLatency newRoots() {
			return new RootLatency.Padded();
		}

	}

}
