package dev.forge.trace.format;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.forge.trace.SpanRecord;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A batch of records in the Chrome Trace Event Format, which Perfetto
 * (ui.perfetto.dev) and {@code chrome://tracing} open: {@code {"displayTimeUnit":"ms",
 * "traceEvents":[...]}}.
 * <ul>
 * <li>A span is a complete event ({@code "ph":"X"}) on its starting thread's track, with
 * {@code ts} and {@code dur} in whole microseconds since the epoch (rounded down, which
 * keeps nesting exact);</li>
 * <li>an instant is a thread-scoped instant event ({@code "ph":"i","s":"t"});</li>
 * <li>metadata events ({@code "ph":"M"}) name the process and each thread;</li>
 * <li>a span that overlaps a span of its thread without nesting in it (work that went on
 * asynchronously, or ended on another thread after its thread moved on) would break the
 * thread's track, so it becomes an async slice instead: a {@code "b"}/{@code "e"} pair
 * with the span's id, drawn on a track of its own under the process.</li>
 * </ul>
 * Each event's {@code args} hold the span's {@code id}, {@code parent_id},
 * {@code root_id}, {@code attributes} and {@code result}.
 */
@JsonSerialize(using = ChromeTraceSerializer.class)
public final class ChromeTrace {

	private final String processName;

	private final long pid;

	private final List<Event> events;

	private final Map<Long, String> threads;

	/**
	 * Lays out a batch of records.
	 * @param records the records, in any order
	 * @param processName the name of the process, for example the application's name
	 */
	public ChromeTrace(List<SpanRecord> records, String processName) {
		this.processName = processName;
		this.pid = ProcessHandle.current().pid();
		this.threads = new LinkedHashMap<>();
		this.events = layOut(records, this.threads);
	}

	String processName() {
		return this.processName;
	}

	long pid() {
		return this.pid;
	}

	List<Event> events() {
		return this.events;
	}

	Map<Long, String> threads() {
		return this.threads;
	}

	private static List<Event> layOut(List<SpanRecord> records, Map<Long, String> threads) {
		Map<Long, List<SpanRecord>> byThread = new LinkedHashMap<>();
		for (SpanRecord record : records) {
			threads.putIfAbsent(record.threadId(), record.threadName());
			byThread.computeIfAbsent(record.threadId(), (id) -> new ArrayList<>()).add(record);
		}
		List<Event> events = new ArrayList<>(records.size());
		for (List<SpanRecord> spans : byThread.values()) {
			// Outer spans first: earlier start, then longer duration.
			spans.sort(Comparator.comparingLong(ChromeTrace::startMicros)
				.thenComparing(Comparator.comparingLong(ChromeTrace::endMicros).reversed()));
			List<SpanRecord> open = new ArrayList<>();
			for (SpanRecord span : spans) {
				if (span.durationMs() == 0.0) {
					events.add(new Event(span, Kind.INSTANT));
					continue;
				}
				long start = startMicros(span);
				while (!open.isEmpty() && endMicros(open.get(open.size() - 1)) <= start) {
					open.remove(open.size() - 1);
				}
				if (open.isEmpty() || endMicros(span) <= endMicros(open.get(open.size() - 1))) {
					open.add(span);
					events.add(new Event(span, Kind.COMPLETE));
				}
				else {
					events.add(new Event(span, Kind.ASYNC));
				}
			}
		}
		return events;
	}

	static long startMicros(SpanRecord record) {
		return Math.floorDiv(record.startEpochNanos(), 1000L);
	}

	static long endMicros(SpanRecord record) {
		return Math.floorDiv(record.startEpochNanos() + record.durationNanos(), 1000L);
	}

	/** How a record is drawn. */
	enum Kind {

		COMPLETE, INSTANT, ASYNC

	}

	record Event(SpanRecord record, Kind kind) {
	}

}
