package dev.forge.trace.internal;

import java.util.Arrays;

/**
 * The coarse latency scale of the name statistics ({@link dev.forge.trace.LatencyBucket}):
 * bounds on a 1-2.5-5 scale from 10 µs to 10 s, each bucket {@code (from, to]}.
 * <p>
 * The fine histogram of {@link DurationStats} has power-of-two buckets, and 19 of them
 * hold a bound and durations on both sides of it. Placing such a bucket whole on one side
 * put spans just below a bound in the bar above it, where the page's example requests
 * for that bar (filtered by duration) could not find them. So when a duration lands in
 * one of those buckets, one comparison with the bound counts it below or not, and each
 * coarse bucket counts exactly the spans in its range.
 */
final class LatencyScale {

	/** The upper bounds (inclusive) of every coarse bucket but the last, in nanoseconds. */
	static final long[] BOUNDS_NANOS = { 10_000L, 25_000L, 50_000L, 100_000L, 250_000L, 500_000L, 1_000_000L,
			2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L, 250_000_000L, 500_000_000L,
			1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L };

	/** Per fine bucket, the index of the bound it holds with durations past it, or -1. */
	private static final byte[] SPLIT = new byte[DurationStats.BUCKETS];

	static {
		Arrays.fill(SPLIT, (byte) -1);
		for (int bound = 0; bound < BOUNDS_NANOS.length; bound++) {
			int bucket = DurationStats.bucket(BOUNDS_NANOS[bound]);
			if (DurationStats.upperNanos(bucket) - 1 > BOUNDS_NANOS[bound]) {
				SPLIT[bucket] = (byte) bound;
			}
		}
	}

	private LatencyScale() {
	}

	/** The bound that fine bucket {@code bucket} holds with durations past it, or -1. */
	static int split(int bucket) {
		return SPLIT[bucket];
	}

	/** The coarse bucket of a duration: the first whose bound it does not pass. */
	static int coarse(long nanos) {
		for (int i = 0; i < BOUNDS_NANOS.length; i++) {
			if (nanos <= BOUNDS_NANOS[i]) {
				return i;
			}
		}
		return BOUNDS_NANOS.length;
	}

	/**
	 * The count of each coarse bucket, from a histogram laid out as {@link DurationStats#buckets}:
	 * the fine counts, then for each bound the durations at or below it in the fine bucket
	 * that holds it.
	 */
	static long[] coarseCounts(int[] fine) {
		long[] counts = new long[BOUNDS_NANOS.length + 1];
		for (int i = 0; i < DurationStats.BUCKETS; i++) {
			if (fine[i] == 0) {
				continue;
			}
			int bound = SPLIT[i];
			if (bound >= 0) {
				int below = fine[DurationStats.BUCKETS + bound];
				counts[bound] += below;
				counts[bound + 1] += fine[i] - below;
			}
			else {
				counts[coarse(DurationStats.lowerNanos(i))] += fine[i];
			}
		}
		return counts;
	}

}
