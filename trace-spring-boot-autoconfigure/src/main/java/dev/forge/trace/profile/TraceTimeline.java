package dev.forge.trace.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.forge.trace.KeptTrace;
import dev.forge.trace.SpanRecord;
import org.jspecify.annotations.Nullable;

/**
 * One kept trace as the profiler matches events against it: its spans' intervals per
 * thread, and what has been matched so far, within the bound on stacks.
 */
final class TraceTimeline {

	private final String traceId;

	private final long rootId;

	private final String rootSpanId;

	private final long startEpochNanos;

	private final long endEpochNanos;

	private final Map<Long, List<SpanRecord>> spansByThread = new HashMap<>();

	private final Map<List<String>, long[]> cpu = new LinkedHashMap<>();

	private final Map<List<String>, String> cpuSpans = new HashMap<>();

	private final List<TraceProfile.Wait> waits = new ArrayList<>();

	private final int maxStacks;

	private long dropped;

	private long bytes;

	TraceTimeline(KeptTrace trace, int maxStacks) {
		SpanRecord root = trace.root();
		this.traceId = root.traceId();
		this.rootId = root.id();
		this.rootSpanId = root.spanId();
		this.startEpochNanos = root.startEpochNanos();
		this.endEpochNanos = root.startEpochNanos() + Math.round(root.durationMs() * 1e6);
		this.maxStacks = maxStacks;
		for (SpanRecord record : trace.records()) {
			if (record.durationMs() > 0) {
				this.spansByThread.computeIfAbsent(record.threadId(), (id) -> new ArrayList<>()).add(record);
			}
		}
	}

	long rootId() {
		return this.rootId;
	}

	String traceId() {
		return this.traceId;
	}

	long endEpochNanos() {
		return this.endEpochNanos;
	}

	long bytes() {
		return this.bytes;
	}

	/**
	 * Takes the event if it fell in one of the trace's spans (a GC pause: if it overlapped
	 * the trace).
	 * @return whether it was the trace's, kept or counted as dropped
	 */
	boolean offer(ProfileEvent event) {
		String spanId;
		if (ProfileEvent.GC.equals(event.kind())) {
			if (event.endEpochNanos() <= this.startEpochNanos || event.startEpochNanos() >= this.endEpochNanos) {
				return false;
			}
			spanId = this.rootSpanId;
		}
		else {
			// A wait goes to the span its middle fell in: the recorder's clock and the tracer's
			// differ by up to a millisecond, so a wait that began as its span did may seem to
			// begin just before it.
			SpanRecord span = deepest(event.threadId(), event.startEpochNanos() + event.durationNanos() / 2);
			if (span == null) {
				return false;
			}
			spanId = span.spanId();
		}
		if (event.isSample()) {
			long[] count = this.cpu.get(event.stack());
			if (count != null) {
				count[0]++;
				return true;
			}
			if (this.cpu.size() + this.waits.size() >= this.maxStacks) {
				this.dropped++;
				return true;
			}
			this.cpu.put(event.stack(), new long[] { 1 });
			this.cpuSpans.put(event.stack(), spanId);
		}
		else {
			if (this.cpu.size() + this.waits.size() >= this.maxStacks) {
				this.dropped++;
				return true;
			}
			this.waits.add(new TraceProfile.Wait(event.kind(), event.startEpochNanos() / 1e6,
					(event.startEpochNanos() - this.startEpochNanos) / 1e6, event.durationNanos() / 1e6, spanId,
					event.stack()));
		}
		this.bytes += event.estimatedBytes();
		return true;
	}

	/** The innermost span on the thread that was open at that time: the one that started last. */
	private @Nullable SpanRecord deepest(long threadId, long epochNanos) {
		List<SpanRecord> spans = this.spansByThread.get(threadId);
		if (spans == null) {
			return null;
		}
		SpanRecord deepest = null;
		for (SpanRecord span : spans) {
			long start = span.startEpochNanos();
			long end = start + Math.round(span.durationMs() * 1e6);
			if (start <= epochNanos && epochNanos < end && (deepest == null || start >= deepest.startEpochNanos())) {
				deepest = span;
			}
		}
		return deepest;
	}

	TraceProfile profile(double periodMs) {
		List<TraceProfile.CpuStack> stacks = new ArrayList<>();
		this.cpu.forEach((stack, count) -> stacks.add(new TraceProfile.CpuStack(stack, count[0], this.cpuSpans.get(stack))));
		stacks.sort((a, b) -> Long.compare(b.samples(), a.samples()));
		List<TraceProfile.Wait> longest = new ArrayList<>(this.waits);
		longest.sort((a, b) -> Double.compare(b.durationMs(), a.durationMs()));
		return new TraceProfile(this.traceId, this.rootId, periodMs, stacks, longest, this.dropped);
	}

}
