package dev.forge.trace.format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks a Chrome Trace Event Format document against the rules viewers rely on: the
 * object form with {@code displayTimeUnit} first, metadata naming the process and every
 * thread, whole-number microsecond times, complete events of one thread that are nested
 * or disjoint (never overlapping), and async events in matched begin/end pairs.
 */
public final class ChromeTraceValidator {

	private ChromeTraceValidator() {
	}

	/**
	 * Validates a document.
	 * @param trace the parsed document
	 * @return the complete, instant and async-begin events, by phase
	 */
	public static Map<String, List<JsonNode>> validate(JsonNode trace) {
		assertThat(trace.isObject()).isTrue();
		assertThat(trace.propertyNames()).first().isEqualTo("displayTimeUnit");
		assertThat(trace.get("traceEvents").isArray()).isTrue();
		Map<String, List<JsonNode>> byPhase = new HashMap<>();
		Set<Long> namedThreads = new HashSet<>();
		boolean processNamed = false;
		Map<Long, List<long[]>> completeByThread = new HashMap<>();
		Map<String, Integer> openAsync = new HashMap<>();
		Set<Long> threads = new HashSet<>();
		for (JsonNode event : trace.get("traceEvents")) {
			String phase = event.get("ph").asString();
			assertThat(event.get("pid").isIntegralNumber()).as(event.toString()).isTrue();
			assertThat(event.get("tid").isIntegralNumber()).as(event.toString()).isTrue();
			byPhase.computeIfAbsent(phase, (p) -> new ArrayList<>()).add(event);
			if (phase.equals("M")) {
				processNamed |= event.get("name").asString().equals("process_name");
				if (event.get("name").asString().equals("thread_name")) {
					namedThreads.add(event.get("tid").asLong());
				}
				assertThat(event.get("args").get("name").asString()).isNotEmpty();
				continue;
			}
			assertThat(event.get("ts").isIntegralNumber()).as("ts in whole microseconds: " + event).isTrue();
			threads.add(event.get("tid").asLong());
			switch (phase) {
				case "X" -> {
					assertThat(event.get("dur").isIntegralNumber()).isTrue();
					assertThat(event.get("dur").asLong()).isNotNegative();
					long start = event.get("ts").asLong();
					completeByThread.computeIfAbsent(event.get("tid").asLong(), (t) -> new ArrayList<>())
						.add(new long[] { start, start + event.get("dur").asLong() });
				}
				case "i" -> assertThat(event.get("s").asString()).isEqualTo("t");
				case "b" -> openAsync.merge(event.get("id").asString(), 1, Integer::sum);
				case "e" -> openAsync.merge(event.get("id").asString(), -1, Integer::sum);
				default -> throw new AssertionError("unexpected phase " + phase);
			}
		}
		assertThat(processNamed).as("process_name metadata").isTrue();
		assertThat(namedThreads).as("thread_name metadata for every thread").containsAll(threads);
		assertThat(openAsync.values()).as("async begin/end pairs").allMatch((count) -> count == 0);
		for (List<long[]> slices : completeByThread.values()) {
			for (int i = 0; i < slices.size(); i++) {
				for (int j = i + 1; j < slices.size(); j++) {
					long[] a = slices.get(i);
					long[] b = slices.get(j);
					boolean disjoint = a[1] <= b[0] || b[1] <= a[0];
					boolean nested = (a[0] <= b[0] && b[1] <= a[1]) || (b[0] <= a[0] && a[1] <= b[1]);
					assertThat(disjoint || nested).as("complete events on one thread overlap: [%d,%d] [%d,%d]", a[0],
							a[1], b[0], b[1]).isTrue();
				}
			}
		}
		return byPhase;
	}

}
