package dev.forge.trace.export;

import java.util.Map;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What one exporter did with the spans it was given: every span is exported, dropped or
 * still queued.
 *
 * @param exporter the exporter's name
 * @param exported spans delivered
 * @param dropped spans given up, all causes
 * @param droppedByCause spans given up by cause ({@code queue_full}, {@code http_400},
 * {@code connect}, {@code timeout}, {@code shutdown}...)
 * @param queued spans waiting or being sent
 * @param failedAttempts sends that failed, retried or not
 * @param sends sends attempted
 * @param sendNanos the time all sends took, in nanoseconds
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExporterStats(String exporter, long exported, long dropped, Map<String, Long> droppedByCause, int queued,
		long failedAttempts, long sends, long sendNanos) {
}
