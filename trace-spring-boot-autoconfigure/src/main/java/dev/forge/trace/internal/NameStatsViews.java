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

	private static final double[] BOUNDS_MS = { 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250,
			500, 1000, 2500, 5000, 10000 };

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
