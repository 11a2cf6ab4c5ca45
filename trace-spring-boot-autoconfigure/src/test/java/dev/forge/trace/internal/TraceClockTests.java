package dev.forge.trace.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock spans are timed with: one monotonic reading and a wall-clock anchor that is
 * refreshed, so an adjustment of the wall clock shows in later spans.
 */
class TraceClockTests {

	@Test
	void anAdjustmentOfTheWallClockShowsInNewSpansAfterTheAnchorIsRefreshed() throws Exception {
		MutableClock wall = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		TraceClock clock = new TraceClock(wall);
		long first = clock.epochNanos(System.nanoTime());
		assertThat(first).isBetween(wall.epochNanos(), wall.epochNanos() + 100_000_000L);
		wall.instant = Instant.parse("2030-01-01T00:00:00Z");
		Thread.sleep(TraceClock.REFRESH_NANOS / 1_000_000 + 10);
		long later = clock.epochNanos(System.nanoTime());
		assertThat(later).isBetween(wall.epochNanos(), wall.epochNanos() + 100_000_000L);
	}

	static final class MutableClock extends Clock {

		volatile Instant instant;

		MutableClock(Instant instant) {
			this.instant = instant;
		}

		long epochNanos() {
			return this.instant.getEpochSecond() * 1_000_000_000L + this.instant.getNano();
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.instant;
		}

	}

}
