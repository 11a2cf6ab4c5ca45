package dev.forge.trace.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.forge.trace.KeptTrace;

/**
 * The store of kept traces: whole local traces copied when a notable root ends, so that
 * they outlive the finished buffer. Quotas per root name keep one busy name from pushing
 * out the rest: the latest failed traces, and the slowest traces of a sliding window.
 * Bounded in traces and in bytes, and so in names (a name is dropped with its last
 * trace); past either bound the oldest kept trace goes. Written only when a notable root
 * ends, so one lock is enough.
 */
final class KeptTraces {

	private final int errorsPerName;

	private final int slowestPerName;

	private final long windowNanos;

	private final int maxTraces;

	private final long maxBytes;

	private final Map<String, Quota> byName = new HashMap<>();

	// Every kept trace, oldest first.
	private final LinkedHashSet<KeptTrace> all = new LinkedHashSet<>();

	private long bytes;

	KeptTraces(int errorsPerName, int slowestPerName, long windowNanos, int maxTraces, long maxBytes) {
		this.errorsPerName = errorsPerName;
		this.slowestPerName = slowestPerName;
		this.windowNanos = windowNanos;
		this.maxTraces = maxTraces;
		this.maxBytes = maxBytes;
	}

	/** Keeps a trace if its name's quota has room for it; evicts what it pushes out. */
	synchronized void offer(KeptTrace trace) {
		if (this.maxTraces == 0 || ApiAccess.get().bytes(trace) > this.maxBytes) {
			return;
		}
		Quota quota = this.byName.computeIfAbsent(trace.rootName(), (name) -> new Quota());
		if (trace.failed()) {
			if (this.errorsPerName == 0) {
				dropIfEmpty(trace.rootName(), quota);
				return;
			}
			quota.errors.addLast(trace);
			if (quota.errors.size() > this.errorsPerName) {
				remove(quota.errors.pollFirst());
			}
		}
		else {
			quota.slowest.removeIf((kept) -> {
				boolean expired = ApiAccess.get().endNanos(trace) - ApiAccess.get().endNanos(kept) > this.windowNanos;
				if (expired) {
					remove(kept);
				}
				return expired;
			});
			if (this.slowestPerName == 0) {
				dropIfEmpty(trace.rootName(), quota);
				return;
			}
			quota.slowest.add(trace);
			if (quota.slowest.size() > this.slowestPerName) {
				KeptTrace fastest = quota.slowest.stream()
					.min(Comparator.comparingLong(KeptTrace::durationNanos))
					.orElseThrow();
				quota.slowest.remove(fastest);
				if (fastest == trace) {
					dropIfEmpty(trace.rootName(), quota);
					return;
				}
				remove(fastest);
			}
		}
		this.all.add(trace);
		this.bytes += ApiAccess.get().bytes(trace);
		Iterator<KeptTrace> oldest = this.all.iterator();
		while (this.all.size() > this.maxTraces || this.bytes > this.maxBytes) {
			KeptTrace evicted = oldest.next();
			oldest.remove();
			this.bytes -= ApiAccess.get().bytes(evicted);
			Quota owner = this.byName.get(evicted.rootName());
			owner.errors.remove(evicted);
			owner.slowest.remove(evicted);
			dropIfEmpty(evicted.rootName(), owner);
		}
	}

	private void remove(KeptTrace trace) {
		if (this.all.remove(trace)) {
			this.bytes -= ApiAccess.get().bytes(trace);
		}
	}

	private void dropIfEmpty(String name, Quota quota) {
		if (quota.errors.isEmpty() && quota.slowest.isEmpty()) {
			this.byName.remove(name);
		}
	}

	/** The kept traces, newest first. */
	synchronized List<KeptTrace> traces() {
		List<KeptTrace> traces = new ArrayList<>(this.all);
		Collections.reverse(traces);
		return traces;
	}

	private static final class Quota {

		final ArrayDeque<KeptTrace> errors = new ArrayDeque<>();

		final List<KeptTrace> slowest = new ArrayList<>();

	}

}
