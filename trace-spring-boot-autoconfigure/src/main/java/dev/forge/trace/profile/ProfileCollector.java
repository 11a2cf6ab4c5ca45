package dev.forge.trace.profile;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.forge.trace.KeptTrace;
import org.jspecify.annotations.Nullable;

/**
 * Matches the recorder's events to kept traces. The recorder hands events over a second
 * or so after they happen, and a trace is kept only once its root ends, so both wait a
 * little: events stay for {@code retention} (bounded in number) to meet traces kept
 * after them, and a newly kept trace takes events for {@code retention} after its end.
 * An event no kept trace takes is dropped when it leaves the window. Profiles are kept
 * while their trace is, within a byte bound, oldest dropped first.
 */
final class ProfileCollector {

	private final long retentionNanos;

	private final int maxEvents;

	private final int maxStacksPerTrace;

	private final long maxBytes;

	private final double periodMs;

	// Recent events, oldest first.
	private final ArrayDeque<ProfileEvent> recent = new ArrayDeque<>();

	// Kept traces still taking events, and those done; both by root id, oldest first.
	private final Map<Long, TraceTimeline> open = new LinkedHashMap<>();

	private final Map<Long, TraceTimeline> done = new LinkedHashMap<>();

	private long bytes;

	private long eventsSeen;

	private long eventsKept;

	private long eventsDropped;

	ProfileCollector(long retentionNanos, int maxEvents, int maxStacksPerTrace, long maxBytes, double periodMs) {
		this.retentionNanos = retentionNanos;
		this.maxEvents = maxEvents;
		this.maxStacksPerTrace = maxStacksPerTrace;
		this.maxBytes = maxBytes;
		this.periodMs = periodMs;
	}

	/** An event from the recorder. */
	synchronized void event(ProfileEvent event) {
		this.eventsSeen++;
		boolean taken = false;
		for (TraceTimeline trace : this.open.values()) {
			taken |= offer(trace, event);
		}
		if (taken) {
			this.eventsKept++;
			if (!ProfileEvent.GC.equals(event.kind())) {
				// A pause stops every thread, so it may belong to traces kept later too.
				return;
			}
		}
		this.recent.addLast(event);
		if (this.recent.size() > this.maxEvents) {
			this.recent.removeFirst();
			this.eventsDropped++;
		}
	}

	/** The kept traces now held: new ones start taking events, recent ones first. */
	synchronized void kept(List<KeptTrace> traces) {
		for (KeptTrace kept : traces) {
			long rootId = kept.root().id();
			if (this.open.containsKey(rootId) || this.done.containsKey(rootId)) {
				continue;
			}
			TraceTimeline trace = new TraceTimeline(kept, this.maxStacksPerTrace);
			this.open.put(rootId, trace);
			for (Iterator<ProfileEvent> events = this.recent.iterator(); events.hasNext();) {
				if (offer(trace, events.next())) {
					events.remove();
					this.eventsKept++;
				}
			}
		}
	}

	private boolean offer(TraceTimeline trace, ProfileEvent event) {
		long before = trace.bytes();
		boolean taken = trace.offer(event);
		this.bytes += trace.bytes() - before;
		return taken;
	}

	/**
	 * Moves time on: events older than the window are dropped, traces ended longer ago than
	 * the window stop taking events, and profiles past the byte bound or of traces no longer
	 * kept go.
	 * @param nowEpochNanos the time now
	 * @param keptRoots the root ids of the traces kept now
	 */
	synchronized void advance(long nowEpochNanos, Set<Long> keptRoots) {
		long horizon = nowEpochNanos - this.retentionNanos;
		while (!this.recent.isEmpty() && this.recent.peekFirst().endEpochNanos() < horizon) {
			this.recent.removeFirst();
			this.eventsDropped++;
		}
		for (Iterator<TraceTimeline> traces = this.open.values().iterator(); traces.hasNext();) {
			TraceTimeline trace = traces.next();
			if (trace.endEpochNanos() < horizon) {
				traces.remove();
				this.done.put(trace.rootId(), trace);
			}
		}
		for (Iterator<TraceTimeline> traces = this.done.values().iterator(); traces.hasNext();) {
			TraceTimeline trace = traces.next();
			if (!keptRoots.contains(trace.rootId()) || this.bytes > this.maxBytes) {
				traces.remove();
				this.bytes -= trace.bytes();
			}
		}
	}

	/**
	 * The profile of a kept trace.
	 * @param id the root's local id, or the trace's 32-hex id
	 * @return the profile so far, or {@code null} when the trace is not kept
	 */
	synchronized @Nullable TraceProfile profile(String id) {
		TraceTimeline trace = find(this.done, id);
		if (trace == null) {
			trace = find(this.open, id);
		}
		return (trace != null) ? trace.profile(this.periodMs) : null;
	}

	private static @Nullable TraceTimeline find(Map<Long, TraceTimeline> traces, String id) {
		for (TraceTimeline trace : traces.values()) {
			if (trace.traceId().equals(id) || Long.toUnsignedString(trace.rootId()).equals(id)) {
				return trace;
			}
		}
		return null;
	}

	/** @return events seen, kept for a kept trace, and dropped unmatched or past the bounds */
	synchronized long[] counts() {
		return new long[] { this.eventsSeen, this.eventsKept, this.eventsDropped };
	}

	synchronized long bytes() {
		return this.bytes;
	}

}
