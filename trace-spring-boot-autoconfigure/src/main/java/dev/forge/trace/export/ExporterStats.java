package dev.forge.trace.export;

import java.util.Map;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What one exporter did with the spans it was offered: every span is exported, dropped,
 * still queued or sampled out ({@code exported + dropped + queued + sampledOut}).
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
 * @param sampledOut spans not exported because tail sampling left their trace out
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ExporterStats(String exporter, long exported, long dropped, Map<String, Long> droppedByCause, int queued,
		long failedAttempts, long sends, long sendNanos, long sampledOut) {
}
