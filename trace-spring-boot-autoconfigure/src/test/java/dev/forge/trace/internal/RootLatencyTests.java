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
			record(roots, MILLI);
		}
		assertThat(roots.p99ThresholdNanos()).isEqualTo(Long.MAX_VALUE);
		record(roots, MILLI);
		assertThat(roots.p99ThresholdNanos()).isBetween(MILLI * 94 / 100, MILLI * 106 / 100);
	}

	@Test
	void theNinetyNinthPercentileFollowsTheRecentRootsNotAllSinceStartup() {
		RootLatency roots = new RootLatency();
		DurationStats all = new DurationStats();
		for (int i = 0; i < 10_000; i++) {
			record(roots, 50 * MILLI);
			all.record(50 * MILLI, false, false);
		}
		assertThat(roots.p99ThresholdNanos()).isGreaterThan(45 * MILLI);
		for (int i = 0; i < 20_000; i++) {
			record(roots, MILLI);
			all.record(MILLI, false, false);
		}
		assertThat(roots.p99ThresholdNanos()).isLessThan(2 * MILLI);
		assertThat(all.percentileNanos(0.99)).isGreaterThan(45 * MILLI);
		assertThat(roots.count()).isLessThan(RootLatency.DECAY_AT);
	}

	@Test
	void theSlowestOfTheWindowAreTheSlowestThatEndedWithinIt() {
		RootLatency roots = new RootLatency();
		long window = 1000 * MILLI;
		// Cold start: the first roots have nothing to be slower than.
		assertThat(roots.amongSlowest(30 * MILLI, 0, 3, window)).isTrue();
		assertThat(roots.amongSlowest(10 * MILLI, 1 * MILLI, 3, window)).isTrue();
		assertThat(roots.amongSlowest(20 * MILLI, 2 * MILLI, 3, window)).isTrue();
		// Full: only a root slower than the fastest of the three gets in, in its place.
		assertThat(roots.amongSlowest(5 * MILLI, 3 * MILLI, 3, window)).isFalse();
		assertThat(roots.amongSlowest(15 * MILLI, 4 * MILLI, 3, window)).isTrue();
		assertThat(roots.amongSlowest(12 * MILLI, 5 * MILLI, 3, window)).isFalse();
		// Once the 30 ms root (ended at 0) is out of the window, its place is free again.
		assertThat(roots.amongSlowest(1 * MILLI, window + 1, 3, window)).isTrue();
		assertThat(roots.amongSlowest(1 * MILLI, window + 2, 3, window)).isFalse();
		// nanoTime may wrap: ends are compared by difference.
		RootLatency wrapping = new RootLatency();
		long end = Long.MAX_VALUE - MILLI;
		assertThat(wrapping.amongSlowest(9 * MILLI, end, 1, window)).isTrue();
		assertThat(wrapping.amongSlowest(MILLI, end + 2 * MILLI, 1, window)).isFalse();
		assertThat(wrapping.amongSlowest(MILLI, end + window + MILLI, 1, window)).isTrue();
	}

	private static void record(RootLatency roots, long nanos) {
		roots.record(nanos, DurationStats.bucket(nanos));
	}

}
