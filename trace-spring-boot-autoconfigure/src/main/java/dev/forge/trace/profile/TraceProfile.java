package dev.forge.trace.profile;

import java.util.List;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Where a kept trace's time went, from the JDK's flight recorder: the CPU samples taken on
 * the threads of its spans while they ran, and the waits they made (and GC pauses that
 * overlapped the trace).
 *
 * @param traceId the trace's exported id (32 hex digits)
 * @param rootId the local id of the trace's root, as {@code /traces/{id}} takes it
 * @param periodMs how often running threads were sampled
 * @param cpu the distinct stacks sampled, most samples first
 * @param waits the waits, longest first
 * @param dropped samples and waits not kept, past {@code trace.profile.max-stacks-per-trace}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TraceProfile(String traceId, long rootId, double periodMs, List<CpuStack> cpu, List<Wait> waits,
		long dropped) {

	/** The kinds of wait a profile can hold, besides {@code gc}. */
	public static final List<String> WAIT_KINDS = List.of("sleep", "park", "monitor-enter", "monitor-wait",
			"socket-read", "socket-write", "file-read", "file-write");

	/**
	 * The outermost frame of a stack deeper than the recorder keeps (64 frames unless
	 * {@code -XX:FlightRecorderOptions=stackdepth} says otherwise): its own outermost frames
	 * are lost.
	 */
	public static final String TRUNCATED = "[truncated]";

	/**
	 * A stack sampled while the trace ran.
	 *
	 * @param stack the frames, outermost first, as {@code package.Class.method}; a stack
	 * deeper than the recorder keeps starts with {@link #TRUNCATED}
	 * @param samples how many times it was sampled
	 * @param spanId the exported id of the span the first sample fell in
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record CpuStack(List<String> stack, long samples, String spanId) {
	}

	/**
	 * A wait made inside one of the trace's spans, or a GC pause that overlapped it.
	 *
	 * @param kind {@code sleep}, {@code park}, {@code monitor-enter}, {@code monitor-wait},
	 * {@code socket-read}, {@code socket-write}, {@code file-read}, {@code file-write} or
	 * {@code gc}
	 * @param startedAt when it started, epoch milliseconds
	 * @param offsetMs when it started, in milliseconds from the trace's start
	 * @param durationMs how long it lasted
	 * @param spanId the exported id of the span it fell in (the root's for a GC pause)
	 * @param stack the frames, outermost first; empty for a GC pause
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	public record Wait(String kind, double startedAt, double offsetMs, double durationMs, String spanId,
			List<String> stack) {
	}

	/**
	 * The CPU samples as folded stacks, one {@code frame;frame;frame count} line each, as
	 * flame graph tools (flamegraph.pl, speedscope) read them.
	 * @return the lines, each ending with a line feed
	 */
	public String collapsed() {
		StringBuilder folded = new StringBuilder();
		for (CpuStack stack : this.cpu) {
			for (int i = 0; i < stack.stack().size(); i++) {
				if (i > 0) {
					folded.append(';');
				}
				// The format's separators cannot be in a frame (a Kotlin name may hold a space).
				folded.append(stack.stack().get(i).replace(';', '_').replace(' ', '_'));
			}
			folded.append(' ').append(stack.samples()).append('\n');
		}
		return folded.toString();
	}

}
