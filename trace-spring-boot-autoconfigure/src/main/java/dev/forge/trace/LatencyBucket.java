package dev.forge.trace;


import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One bar of a name's latency histogram: the spans whose duration fell in
 * {@code (fromMs, toMs]}, on a 1-2.5-5 log scale from 10 µs to 10 s. Read from the same
 * per-name histogram as the percentiles, whose buckets are split at these bounds, so the
 * count is exact: the spans of that name in that range.
 *
 * @param fromMs the lower bound (exclusive), 0 for the first bucket
 * @param toMs the upper bound (inclusive), {@code null} for the last, unbounded bucket
 * @param count the spans in it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LatencyBucket(double fromMs, @Nullable Double toMs, long count) {

}
