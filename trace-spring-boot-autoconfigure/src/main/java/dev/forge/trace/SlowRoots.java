package dev.forge.trace;

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

	SlowRoots(Duration threshold, Map<String, Duration> thresholdsByName) {
		this.thresholdNanos = (threshold != null) ? threshold.toNanos() : NONE;
		Map<String, Long> byName = new HashMap<>();
		thresholdsByName.forEach((name, value) -> byName.put(name, value.toNanos()));
		this.thresholdsByName = byName;
	}

	/** Whether a root was slow; records its duration among its name's recent roots first. */
	boolean isSlow(String name, long durationNanos, DurationStats stats) {
		RootLatency roots = stats.roots();
		roots.record(durationNanos);
		if (!this.thresholdsByName.isEmpty()) {
			Long threshold = this.thresholdsByName.get(name);
			if (threshold != null) {
				return durationNanos > threshold;
			}
		}
		if (this.thresholdNanos != NONE) {
			return durationNanos > this.thresholdNanos;
		}
		return durationNanos > roots.p99ThresholdNanos();
	}

	/** The threshold in force for {@code name}, in nanoseconds, or -1 when it is the name's 99th percentile. */
	long configuredNanos(String name) {
		Long threshold = this.thresholdsByName.get(name);
		return (threshold != null) ? threshold : this.thresholdNanos;
	}

}
