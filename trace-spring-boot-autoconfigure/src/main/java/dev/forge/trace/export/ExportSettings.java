package dev.forge.trace.export;

import java.time.Duration;

/**
 * How the {@link ExportDrainer} runs.
 *
 * @param interval how often the drainer takes finished spans
 * @param maxBatch the most spans in one batch
 * @param maxQueuedSpans the most spans an exporter holds waiting to be sent; past it
 * batches are dropped and counted
 * @param maxAttempts the most attempts at one batch when failures are worth retrying
 * @param initialBackoff the wait before the first retry, doubled for each later one
 * @param maxBackoff the longest wait between attempts, also for {@code Retry-After}
 * @param shutdownTimeout how long shutdown waits for what is left to be sent
 */
public record ExportSettings(Duration interval, int maxBatch, int maxQueuedSpans, int maxAttempts,
		Duration initialBackoff, Duration maxBackoff, Duration shutdownTimeout) {

	/**
	 * Checks the settings.
	 * @throws IllegalArgumentException if a duration is not positive or a count is below 1
	 */
	public ExportSettings {
		positive("interval", interval);
		positive("initialBackoff", initialBackoff);
		positive("maxBackoff", maxBackoff);
		positive("shutdownTimeout", shutdownTimeout);
		atLeastOne("maxBatch", maxBatch);
		atLeastOne("maxQueuedSpans", maxQueuedSpans);
		atLeastOne("maxAttempts", maxAttempts);
	}

	private static void positive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
		}
	}

	private static void atLeastOne(String name, int value) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, was " + value);
		}
	}

	/** Every two seconds, batches of 1,000, at most 10,000 spans held per exporter. */
	public static final ExportSettings DEFAULTS = new ExportSettings(Duration.ofSeconds(2), 1000, 10_000, 5,
			Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(10));

}
