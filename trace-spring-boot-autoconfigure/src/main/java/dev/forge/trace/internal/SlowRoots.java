package dev.forge.trace.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells whether a local root was slow: longer than the threshold configured for its name,
 * else than the one configured for all, else than the 99th percentile of its name's
 * durations once the name has 100 of them. Immutable, shared by the stripes.
 */
final class SlowRoots {

	private static final long NONE = -1;

	private final long thresholdNanos;

	private final Map<String, Long> thresholdsByName;

	private final int slowestPerName;

	private final long windowNanos;

	/**
	 * @param threshold the threshold for every name, or {@code null} for each name's 99th
	 * percentile
	 * @param thresholdsByName thresholds of given names
	 * @param slowestPerName how many of a name's slowest roots of the window are kept
	 * whatever the threshold (0 for none)
	 * @param windowNanos the window
	 */
	SlowRoots(Duration threshold, Map<String, Duration> thresholdsByName, int slowestPerName, long windowNanos) {
		this.slowestPerName = slowestPerName;
		this.windowNanos = windowNanos;
		this.thresholdNanos = (threshold != null) ? threshold.toNanos() : NONE;
		Map<String, Long> byName = new HashMap<>();
		thresholdsByName.forEach((name, value) -> byName.put(name, value.toNanos()));
		this.thresholdsByName = byName;
	}

	/**
	 * Whether a root was slow; its duration is already among its name's recent roots
	 * ({@link DurationStats#record}).
	 */
	boolean isSlow(String name, long durationNanos, DurationStats stats) {
		if (!this.thresholdsByName.isEmpty()) {
			Long threshold = this.thresholdsByName.get(name);
			if (threshold != null) {
				return durationNanos > threshold;
			}
		}
		if (this.thresholdNanos != NONE) {
			return durationNanos > this.thresholdNanos;
		}
		return durationNanos > stats.roots().p99ThresholdNanos();
	}

	/**
	 * Whether a root that was not slow is still among its name's slowest of the window, to
	 * be kept (not made notable: it is kept, not exported or retained as a slow one).
	 */
	boolean amongSlowest(long durationNanos, long endNanos, DurationStats stats) {
		return stats.roots().amongSlowest(durationNanos, endNanos, this.slowestPerName, this.windowNanos);
	}

	/** The threshold in force for {@code name}, in nanoseconds, or -1 when it is the name's 99th percentile. */
	long configuredNanos(String name) {
		Long threshold = this.thresholdsByName.get(name);
		return (threshold != null) ? threshold : this.thresholdNanos;
	}

}
