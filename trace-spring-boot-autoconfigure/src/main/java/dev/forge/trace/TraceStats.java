package dev.forge.trace;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Counters of a {@link TraceService}: {@code flushed + dropped + evicted + buffered} always
 * equals {@code finished}, and once no {@code start} or {@code end} is in progress
 * {@code started} equals {@code ended + abandoned + active}.
 *
 * @param started spans started
 * @param ended spans ended with {@code end}
 * @param instants instant events recorded
 * @param finished records produced: {@code ended + instants}
 * @param flushed records handed out by {@code flush}
 * @param dropped records not kept because the finished buffer was full and nothing could
 * be evicted to make room (every held record drained and not yet settled)
 * @param evicted records removed from a full finished buffer to make room for newer ones:
 * the oldest unremarkable first, notable ones only when nothing else is left
 * @param buffered records waiting for a flush
 * @param active spans started and not yet ended
 * @param abandoned spans evicted because {@code max-active-spans} was reached
 * @param valuesTruncated names and values cut to respect the size or depth limits
 * @param valuesNotCaptured values (or parts of them) that could not be serialized
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TraceStats(long started, long ended, long instants, long finished, long flushed, long dropped,
		long evicted, long buffered, long active, long abandoned, long valuesTruncated, long valuesNotCaptured) {
}
