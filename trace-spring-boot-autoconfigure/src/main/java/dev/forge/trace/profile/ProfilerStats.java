package dev.forge.trace.profile;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What the profiler took in from the flight recorder since it started
 * ({@code GET /actuator/trace-spans/profiler}).
 *
 * @param running whether the recorder is streaming (false where it could not start)
 * @param eventsSeen CPU samples, waits and GC pauses received
 * @param eventsKept those that fell in a kept trace and are in its profile
 * @param eventsDropped those no kept trace took within the window, or past its bounds
 * @param profileBytes what the profiles hold, roughly
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProfilerStats(boolean running, long eventsSeen, long eventsKept, long eventsDropped,
		long profileBytes) {
}
