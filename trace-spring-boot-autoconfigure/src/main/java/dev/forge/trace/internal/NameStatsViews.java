package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.List;

import dev.forge.trace.LatencyBucket;
import dev.forge.trace.SpanNameStats;

/**
 * The per-name statistics as the API shows them ({@link SpanNameStats}, with a coarse
 * {@link LatencyBucket} histogram), read from the engine's histograms.
 */
public final class NameStatsViews {

	/** The name the names past the statistics' limit are summed under. */
	public static final String OTHER_NAMES = "(other)";

	private NameStatsViews() {
	}

	static SpanNameStats of(String name, DurationStats stats, SlowRoots slowRoots) {
		double mean = (stats.count > 0) ? (double) stats.totalNanos / stats.count : 0;
		long p99 = stats.percentileNanos(0.99);
		long configured = slowRoots.configuredNanos(name);
		Double slow = null;
		if (configured >= 0) {
			slow = millis(configured);
		}
		else if (stats.roots != null && stats.roots.count() >= RootLatency.MIN_SAMPLES) {
			slow = millis(stats.roots.percentileNanos(0.99));
		}
		return new SpanNameStats(name, stats.count, stats.errors, millis(stats.totalNanos), millis(mean),
				millis(stats.maxNanos), millis(stats.percentileNanos(0.50)), millis(stats.percentileNanos(0.90)),
				millis(stats.percentileNanos(0.95)), millis(p99), slow, buckets(stats.buckets));
	}

	/** Milliseconds to the microsecond: finer digits are float noise, not information. */
	static double millis(double nanos) {
		return Math.round(nanos / 1e3) / 1e3;
	}

	/** The non-empty coarse buckets of a fine histogram ({@link DurationStats#buckets}). */
	private static List<LatencyBucket> buckets(int[] fine) {
		long[] counts = LatencyScale.coarseCounts(fine);
		long[] bounds = LatencyScale.BOUNDS_NANOS;
		List<LatencyBucket> buckets = new ArrayList<>();
		for (int i = 0; i < counts.length; i++) {
			if (counts[i] > 0) {
				buckets.add(new LatencyBucket((i == 0) ? 0 : bounds[i - 1] / 1e6,
						(i < bounds.length) ? bounds[i] / 1e6 : null, counts[i]));
			}
		}
		return buckets;
	}

}
