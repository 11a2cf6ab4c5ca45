package dev.forge.trace.internal;

import java.time.Clock;
import java.time.Instant;

/**
 * Epoch time from one monotonic reading: a wall-clock anchor, refreshed at least every
 * {@value #REFRESH_NANOS} nanoseconds, plus the monotonic time elapsed since it was taken.
 * A span's start then costs one {@code nanoTime} instead of that and a wall-clock read, its
 * start is precise to the monotonic clock's resolution, and spans of one anchor period
 * keep their exact order and spacing. An adjustment of the system clock shows in spans
 * started after the next refresh, within half a second. This is what JFR, OpenTelemetry
 * and Brave do.
 */
final class TraceClock {

	static final long REFRESH_NANOS = 500_000_000L;

	private final Clock wallClock;

	private volatile Anchor anchor;

	TraceClock() {
		this(Clock.systemUTC());
	}

	TraceClock(Clock wallClock) {
		this.wallClock = wallClock;
		this.anchor = newAnchor(System.nanoTime());
	}

	/** The epoch time, in nanoseconds, of a {@link System#nanoTime()} reading taken now. */
	long epochNanos(long nanoTime) {
		Anchor current = this.anchor;
		long elapsed = nanoTime - current.nanoTime;
		if (elapsed >= REFRESH_NANOS || elapsed < 0) {
			// Racing refreshes are harmless: each anchor is a valid reading.
			// The reading just taken pairs with the wall clock read next: tens of nanoseconds apart.
			current = newAnchor(nanoTime);
			this.anchor = current;
			elapsed = 0;
		}
		return current.epochNanos + elapsed;
	}

	private Anchor newAnchor(long nanoTime) {
		Instant now = this.wallClock.instant();
		return new Anchor(now.getEpochSecond() * 1_000_000_000L + now.getNano(), nanoTime);
	}

	private record Anchor(long epochNanos, long nanoTime) {
	}

}
