package dev.forge.trace;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One bar of a name's latency histogram: the spans whose duration fell in
 * {@code (fromMs, toMs]}, on a 1-2.5-5 log scale from 10 µs to 10 s. Read from the same
 * per-name histogram as the percentiles, so it costs nothing on the hot path.
 *
 * @param fromMs the lower bound (exclusive), 0 for the first bucket
 * @param toMs the upper bound (inclusive), {@code null} for the last, unbounded bucket
 * @param count the spans in it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LatencyBucket(double fromMs, @Nullable Double toMs, long count) {

	private static final double[] BOUNDS_MS = { 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250,
			500, 1000, 2500, 5000, 10000 };

	/** The non-empty buckets of a fine histogram ({@link DurationStats#buckets}). */
	static List<LatencyBucket> of(int[] fine) {
		long[] counts = new long[BOUNDS_MS.length + 1];
		for (int i = 0; i < fine.length; i++) {
			if (fine[i] != 0) {
				counts[coarse(DurationStats.midpointNanos(i) / 1e6)] += fine[i];
			}
		}
		List<LatencyBucket> buckets = new ArrayList<>();
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] > 0) {
				buckets.add(new LatencyBucket((i == 0) ? 0 : BOUNDS_MS[i - 1],
						(i < BOUNDS_MS.length) ? BOUNDS_MS[i] : null, counts[i]));
			}
		}
		return buckets;
	}

	private static int coarse(double ms) {
		for (int i = 0; i < BOUNDS_MS.length; i++) {
			if (ms <= BOUNDS_MS[i]) {
				return i;
			}
		}
		return BOUNDS_MS.length;
	}

}
