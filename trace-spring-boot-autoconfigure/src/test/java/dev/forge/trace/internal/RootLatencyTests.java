package dev.forge.trace.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name's root latency follows its recent roots: old durations fade as new ones come.
 */
class RootLatencyTests {

	private static final long MILLI = 1_000_000L;

	@Test
	void belowAHundredRootsNothingIsSlow() {
		RootLatency roots = new RootLatency();
		for (int i = 0; i < 99; i++) {
			roots.record(MILLI);
		}
		assertThat(roots.p99ThresholdNanos()).isEqualTo(Long.MAX_VALUE);
		roots.record(MILLI);
		assertThat(roots.p99ThresholdNanos()).isBetween(MILLI * 94 / 100, MILLI * 106 / 100);
	}

	@Test
	void theNinetyNinthPercentileFollowsTheRecentRootsNotAllSinceStartup() {
		RootLatency roots = new RootLatency();
		DurationStats all = new DurationStats();
		for (int i = 0; i < 10_000; i++) {
			roots.record(50 * MILLI);
			all.record(50 * MILLI, false);
		}
		assertThat(roots.p99ThresholdNanos()).isGreaterThan(45 * MILLI);
		for (int i = 0; i < 20_000; i++) {
			roots.record(MILLI);
			all.record(MILLI, false);
		}
		assertThat(roots.p99ThresholdNanos()).isLessThan(2 * MILLI);
		assertThat(all.percentileNanos(0.99)).isGreaterThan(45 * MILLI);
		assertThat(roots.count()).isLessThan(RootLatency.DECAY_AT);
	}

}
