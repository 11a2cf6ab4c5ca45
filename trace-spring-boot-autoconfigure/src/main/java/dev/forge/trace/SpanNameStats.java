package dev.forge.trace;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Aggregates of the spans of one name, kept when each span ends, so they survive
 * {@link TraceService#flush()}. Percentiles come from a log-linear histogram and are
 * accurate to about 6%. Durations are in milliseconds, rounded to the microsecond.
 *
 * @param name the span name, or {@link TraceService#OTHER_NAMES} for names past the limit
 * @param count spans ended
 * @param errors spans whose result was an object with an {@code error} field
 * @param totalMs sum of durations, in milliseconds
 * @param meanMs mean duration
 * @param maxMs longest duration
 * @param p50Ms median duration
 * @param p90Ms 90th percentile duration
 * @param p95Ms 95th percentile duration
 * @param p99Ms 99th percentile duration
 * @param slowMs the duration past which a local root of this name is slow (its trace then
 * notable, see {@code trace.keep.*}): the configured threshold, else the 99th percentile
 * of its recent roots (over all threads) once there are 100; {@code null} before that
 * @param histogram the non-empty bars of its latency histogram, on a 1-2.5-5 log scale
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SpanNameStats(String name, long count, long errors, double totalMs, double meanMs, double maxMs,
		double p50Ms, double p90Ms, double p95Ms, double p99Ms, @Nullable Double slowMs,
		List<LatencyBucket> histogram) {
}
