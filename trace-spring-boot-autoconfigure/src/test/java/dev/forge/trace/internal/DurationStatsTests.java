package dev.forge.trace.internal;

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
			stats.record(millis * 1_000_000L, false);
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

}
