package dev.forge.trace.internal;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The per-name histograms: log-linear buckets accurate to about 6%.
 */
class DurationStatsTests {

	@Test
	void percentilesAreWithinTheHistogramsResolution() {
		DurationStats stats = new DurationStats();
		for (int millis = 1; millis <= 1000; millis++) {
			stats.record(millis * 1_000_000L, false, false);
		}
		assertThat(stats.percentileNanos(0.50) / 1e6).isCloseTo(500, within(500 * 0.07));
		assertThat(stats.percentileNanos(0.95) / 1e6).isCloseTo(950, within(950 * 0.07));
		assertThat(stats.percentileNanos(0.99) / 1e6).isCloseTo(990, within(990 * 0.07));
		assertThat(stats.maxNanos).isEqualTo(1_000_000_000L);
	}

	@Test
	void bucketsCoverSubMicrosecondToDaysWithoutOverflow() {
		assertThat(DurationStats.bucket(0)).isZero();
		assertThat(DurationStats.bucket(-5)).isZero();
		assertThat(DurationStats.bucket(7)).isEqualTo(7);
		assertThat(DurationStats.midpointNanos(7)).isEqualTo(7);
		assertThat(DurationStats.bucket(Long.MAX_VALUE)).isEqualTo(DurationStats.BUCKETS - 1);
		for (long nanos = 8; nanos < (1L << 53); nanos = nanos * 3 / 2 + 1) {
			long midpoint = DurationStats.midpointNanos(DurationStats.bucket(nanos));
			assertThat((double) midpoint).isCloseTo(nanos, within(nanos * 0.07));
		}
	}

	@Test
	void eachCoarseBarCountsExactlyTheSpansInItsRange() {
		Random random = new Random(26);
		DurationStats first = new DurationStats();
		DurationStats second = new DurationStats();
		long[] expected = new long[LatencyScale.BOUNDS_NANOS.length + 1];
		for (long bound : LatencyScale.BOUNDS_NANOS) {
			// Either side of every bound, where a fine bucket holds both.
			for (long nanos : new long[] { bound - 1_000, bound - 1, bound, bound + 1, bound + 1_000 }) {
				first.record(nanos, false, false);
				expected[LatencyScale.coarse(nanos)]++;
			}
		}
		for (int i = 0; i < 20_000; i++) {
			// Log-uniform from 1 ns to about 30 s.
			long nanos = (long) Math.pow(10, random.nextDouble() * 10.5);
			((i % 2 == 0) ? first : second).record(nanos, false, false);
			expected[LatencyScale.coarse(nanos)]++;
		}
		DurationStats merged = new DurationStats();
		first.addTo(merged);
		second.addTo(merged);
		assertThat(LatencyScale.coarseCounts(merged.buckets)).containsExactly(expected);
	}

	@Test
	void theCoarseBoundsAreThePagesOneTwoAndAHalfFiveScale() {
		assertThat(LatencyScale.BOUNDS_NANOS).hasSize(19).startsWith(10_000L, 25_000L, 50_000L)
			.endsWith(10_000_000_000L);
		assertThat(LatencyScale.coarse(0)).isZero();
		assertThat(LatencyScale.coarse(10_000)).isZero();
		assertThat(LatencyScale.coarse(10_001)).isOne();
		assertThat(LatencyScale.coarse(Long.MAX_VALUE)).isEqualTo(19);
	}

	@Test
	void aRootsDurationAlsoCountsAmongItsNamesRecentRoots() {
		DurationStats stats = new DurationStats();
		for (int i = 0; i < 50; i++) {
			stats.record(1_000_000L, false, false);
		}
		assertThat(stats.roots).isNull();
		for (int i = 0; i < 150; i++) {
			stats.record(5_000_000L, i % 3 == 0, true);
		}
		assertThat(stats.count).isEqualTo(200);
		assertThat(stats.roots.count()).isEqualTo(150);
		assertThat(stats.roots.p99ThresholdNanos() / 1e6).isCloseTo(5, within(5 * 0.07));
	}

}
