package dev.forge.trace.export;

import java.time.Duration;

/**
 * Tail sampling for export, decided once per local trace when its root ends: every
 * notable trace (failed, or whose root was slow) is exported whole, and of the others a
 * share, at most a number a second.
 *
 * @param probability the share of unremarkable local traces exported, from 0.0 to 1.0
 * @param maxPerSecond the most unremarkable traces exported a second, or 0 for no cap
 * @param decisionWait how long spans wait for their root before their trace is decided
 * without it
 */
public record ExportSampling(double probability, int maxPerSecond, Duration decisionWait) {

	/** Everything exported, nothing held back: the default. */
	public static final ExportSampling ALL = new ExportSampling(1.0, 0, Duration.ofSeconds(10));

	/**
	 * Checks the settings.
	 * @throws IllegalArgumentException if the probability is outside 0.0-1.0, the cap
	 * negative or the wait not positive
	 */
	public ExportSampling {
		if (!(probability >= 0.0 && probability <= 1.0)) {
			throw new IllegalArgumentException("probability must be from 0.0 to 1.0, was " + probability);
		}
		if (maxPerSecond < 0) {
			throw new IllegalArgumentException("maxPerSecond must be at least 0, was " + maxPerSecond);
		}
		if (decisionWait == null || decisionWait.isNegative() || decisionWait.isZero()) {
			throw new IllegalArgumentException("decisionWait must be a positive duration, was " + decisionWait);
		}
	}

	/** Whether anything is sampled out at all; if not, spans pass straight through. */
	boolean samples() {
		return this.probability < 1.0 || this.maxPerSecond > 0;
	}

}
