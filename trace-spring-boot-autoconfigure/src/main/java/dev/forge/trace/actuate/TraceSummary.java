package dev.forge.trace.actuate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.forge.trace.KeptTrace;
import dev.forge.trace.SpanRecord;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One local trace in a few fields, for a list of traces: its root's name, start and
 * duration, how many spans and errors it has, the root's thread, and whether it is one
 * of the kept traces. Its records are at {@code /actuator/trace-spans/traces/{id}}.
 *
 * @param id the root span's id, which names the trace
 * @param name the root span's name
 * @param startedAt the root's start, in milliseconds since the UNIX epoch
 * @param durationMs the root's duration
 * @param spans the trace's records that are still readable
 * @param errors those of them that failed
 * @param thread the root's thread
 * @param kept whether the trace is among the kept traces (failed, or its root slow)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TraceSummary(long id, String name, long startedAt, double durationMs, int spans, int errors,
		String thread, boolean kept) {

	/**
	 * The local traces whose root is among {@code recent} or {@code kept}, newest root
	 * first, at most {@code limit}.
	 * @param recent records that did not leave the recent window, oldest first
	 * @param kept the kept traces
	 * @param limit the most summaries
	 * @return the summaries
	 */
	static List<TraceSummary> of(List<SpanRecord> recent, List<KeptTrace> kept, int limit) {
		return of(recent, kept, limit, null);
	}

	/**
	 * The local traces held that pass a filter, in its order, at most {@code limit}.
	 * @param recent records that did not leave the recent window, oldest first
	 * @param kept the kept traces
	 * @param filter what to list and in which order
	 * @param limit the most summaries
	 * @return the summaries
	 */
	static List<TraceSummary> of(List<SpanRecord> recent, List<KeptTrace> kept, TraceFilter filter, int limit) {
		return filter.apply(of(recent, kept, Integer.MAX_VALUE, null), limit);
	}

	/**
	 * Example traces for a bar of a name's latency histogram: the local traces that hold
	 * a span of that name whose duration is in {@code (fromMs, toMs]}, those with errors
	 * first, then by that span's duration, longest first.
	 * @param recent records that did not leave the recent window, oldest first
	 * @param kept the kept traces
	 * @param name the span name
	 * @param fromMs the lower bound, exclusive
	 * @param toMs the upper bound, inclusive
	 * @param limit the most summaries
	 * @return the summaries
	 */
	static List<TraceSummary> examples(List<SpanRecord> recent, List<KeptTrace> kept, String name, double fromMs,
			double toMs, int limit) {
		Map<Long, Double> longest = new HashMap<>();
		List<SpanRecord> candidates = new ArrayList<>(recent);
		kept.forEach((trace) -> candidates.addAll(trace.records()));
		for (SpanRecord record : candidates) {
			if (record.name().equals(name) && record.durationMs() > fromMs && record.durationMs() <= toMs) {
				longest.merge(record.rootId(), record.durationMs(), Math::max);
			}
		}
		List<TraceSummary> summaries = of(recent, kept, Integer.MAX_VALUE, longest.keySet());
		summaries.sort(Comparator.comparing((TraceSummary summary) -> summary.errors() == 0)
			.thenComparing((summary) -> -longest.get(summary.id())));
		return (summaries.size() > limit) ? List.copyOf(summaries.subList(0, limit)) : summaries;
	}

	private static List<TraceSummary> of(List<SpanRecord> recent, List<KeptTrace> kept, int limit,
			@Nullable Set<Long> only) {
		Map<Long, List<SpanRecord>> byRoot = new LinkedHashMap<>();
		for (SpanRecord record : recent) {
			byRoot.computeIfAbsent(record.rootId(), (root) -> new ArrayList<>()).add(record);
		}
		Map<Long, KeptTrace> keptByRoot = new HashMap<>();
		kept.forEach((trace) -> keptByRoot.put(trace.root().id(), trace));
		List<TraceSummary> summaries = new ArrayList<>();
		byRoot.forEach((rootId, records) -> {
			if (only != null && !only.contains(rootId)) {
				return;
			}
			KeptTrace keptTrace = keptByRoot.remove(rootId);
			List<SpanRecord> all = (keptTrace != null && keptTrace.records().size() > records.size())
					? keptTrace.records() : records;
			all.stream()
				.filter((record) -> record.id() == rootId)
				.findFirst()
				.ifPresent((root) -> summaries.add(summary(root, all, keptTrace != null)));
		});
		keptByRoot.values()
			.stream()
			.filter((trace) -> only == null || only.contains(trace.root().id()))
			.forEach((trace) -> summaries.add(summary(trace.root(), trace.records(), true)));
		summaries.sort(Comparator.comparingLong(TraceSummary::startedAt).thenComparingLong(TraceSummary::id).reversed());
		return (summaries.size() > limit) ? List.copyOf(summaries.subList(0, limit)) : summaries;
	}

	private static TraceSummary summary(SpanRecord root, List<SpanRecord> records, boolean kept) {
		int errors = 0;
		for (SpanRecord record : records) {
			if (failed(record)) {
				errors++;
			}
		}
		return new TraceSummary(root.id(), root.name(), root.startedAt(), root.durationMs(), records.size(), errors,
				root.threadName(), kept);
	}

	/** The tracer's rule for an error: a result that is an object with an {@code error} field. */
	static boolean failed(SpanRecord record) {
		JsonNode result = record.result();
		return result != null && result.isObject() && result.has("error");
	}

	/**
	 * The records of one local trace, in start order: from the kept traces if it is one,
	 * else from the recent window.
	 * @param id the root span's id
	 * @param recent records of the recent window
	 * @param kept the kept traces
	 * @return the records, empty when the trace is not readable any more
	 */
	static List<SpanRecord> records(long id, List<SpanRecord> recent, List<KeptTrace> kept) {
		for (KeptTrace trace : kept) {
			if (trace.root().id() == id) {
				return trace.records();
			}
		}
		List<SpanRecord> records = new ArrayList<>();
		for (SpanRecord record : recent) {
			if (record.rootId() == id) {
				records.add(record);
			}
		}
		records.sort(Comparator.comparingLong(SpanRecord::startEpochNanos).thenComparingLong(SpanRecord::id));
		return records;
	}

}
