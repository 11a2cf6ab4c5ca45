package dev.forge.trace;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Bad input to the public API: a clear error for a bad name, and for a bad value a record
 * that says what was given up, a counter, and no exception.
 */
class BadInputTests {

	enum Outcome {

		/** {@code IllegalArgumentException}, and nothing recorded. */
		REJECTED,

		/** Recorded with a cut marked in the value, counted in {@code valuesTruncated}. */
		TRUNCATED,

		/** Recorded with an {@code @dropped} marker, counted in {@code valuesNotCaptured}. */
		DROPPED,

		/** Recorded as a readable value with nothing lost. */
		KEPT

	}

	static Stream<Arguments> badInputs() {
		return Stream.of(
				Arguments.of("null name", (Supplier<Object[]>) () -> new Object[] { null, null }, Outcome.REJECTED),
				Arguments.of("empty name", values("", null), Outcome.REJECTED),
				Arguments.of("blank name", values("   ", null), Outcome.REJECTED),
				Arguments.of("whitespace-only name", values("\t\n\u2003", null), Outcome.REJECTED),
				Arguments.of("10k-character name", values("n".repeat(10_000), null), Outcome.TRUNCATED),
				Arguments.of("cyclic map", (Supplier<Object[]>) () -> {
					Map<String, Object> map = new HashMap<>();
					map.put("self", map);
					return new Object[] { "cyclic map", map };
				}, Outcome.TRUNCATED),
				Arguments.of("cyclic list", (Supplier<Object[]>) () -> {
					List<Object> list = new ArrayList<>();
					list.add(list);
					return new Object[] { "cyclic list", list };
				}, Outcome.TRUNCATED),
				Arguments.of("self-referencing bean", values("bean", new SelfReference()), Outcome.DROPPED),
				Arguments.of("indirectly cyclic beans", values("beans", Node.cycle()), Outcome.DROPPED),
				Arguments.of("getter throws RuntimeException", values("getter", new ThrowingGetter(false)),
						Outcome.DROPPED),
				Arguments.of("getter throws Error", values("getter", new ThrowingGetter(true)), Outcome.DROPPED),
				Arguments.of("1 MB string", values("big", "x".repeat(1 << 20)), Outcome.TRUNCATED),
				Arguments.of("million-element list",
						values("list", IntStream.range(0, 1_000_000).boxed().toList()), Outcome.TRUNCATED),
				Arguments.of("100k-entry map", values("map", bigMap()), Outcome.TRUNCATED),
				Arguments.of("1000-deep nesting", values("deep", deep(1000)), Outcome.TRUNCATED),
				Arguments.of("bean with a huge list", values("beanList", new Holder(Collections.nCopies(200_000, "v"))),
						Outcome.TRUNCATED),
				Arguments.of("iterator throws", values("iter", (Iterable<Object>) () -> {
					throw new IllegalStateException("no iterating");
				}), Outcome.DROPPED),
				Arguments.of("map whose entries throw", values("map", new ThrowingMap()), Outcome.DROPPED),
				Arguments.of("NaN and infinities", values("nan", List.of(Double.NaN, Double.POSITIVE_INFINITY)),
						Outcome.KEPT),
				Arguments.of("null map key", values("nullKey", nullKeyMap()), Outcome.KEPT),
				Arguments.of("a Thread", values("thread", Thread.currentThread()), Outcome.KEPT),
				Arguments.of("an empty bean", values("empty", new Object() {
				}), Outcome.KEPT));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badInputs")
	void badInputIsContainedMarkedAndCounted(String description, Supplier<Object[]> input, Outcome outcome) {
		Object[] call = input.get();
		String name = (String) call[0];
		Object value = call[1];
		TraceService trace = new TraceService();
		if (outcome == Outcome.REJECTED) {
			assertThatIllegalArgumentException().isThrownBy(() -> trace.start(name, value))
				.withMessage("Span name must not be null or blank");
			assertThatIllegalArgumentException().isThrownBy(() -> trace.instant(name, value));
			assertThat(trace.stats()).isEqualTo(new TraceService().stats());
			return;
		}
		SpanRecord started = trace.end(trace.start(name, value), value);
		SpanRecord instant = trace.instant(name, value);
		TraceStats stats = trace.stats();
		assertThat(stats.finished()).isEqualTo(2);
		assertThat(trace.flush()).containsExactly(started, instant);
		for (JsonNode captured : new JsonNode[] { started.attributes(), started.result(), instant.attributes() }) {
			if (value != null) {
				assertThat(captured).isNotNull();
				assertThat(captured.toString().length()).isLessThan(trace.options().maxValueLength() + 300);
			}
			switch (outcome) {
				case DROPPED -> assertThat(captured.get(ValueCapture.DROPPED).asString()).contains("could not be captured");
				case TRUNCATED -> {
					if (value != null) {
						assertThat(captured.toString()).containsAnyOf("more chars", "more elements", "more fields",
								"nested deeper than");
					}
				}
				case KEPT -> assertThat(captured.toString()).doesNotContain(ValueCapture.DROPPED, "more chars");
				default -> throw new IllegalStateException();
			}
		}
		switch (outcome) {
			case DROPPED -> {
				assertThat(stats.valuesNotCaptured()).isEqualTo(3);
				assertThat(stats.valuesTruncated()).isZero();
			}
			case TRUNCATED -> {
				long expected = (value != null) ? 3 : 2;
				assertThat(stats.valuesTruncated()).isEqualTo(expected);
				assertThat(stats.valuesNotCaptured()).isZero();
			}
			default -> {
				assertThat(stats.valuesTruncated()).isZero();
				assertThat(stats.valuesNotCaptured()).isZero();
			}
		}
	}

	private static Supplier<Object[]> values(String name, Object value) {
		return () -> new Object[] { name, value };
	}

	private static Map<String, Integer> bigMap() {
		Map<String, Integer> map = new HashMap<>();
		for (int i = 0; i < 100_000; i++) {
			map.put("k" + i, i);
		}
		return map;
	}

	private static Object deep(int depth) {
		Object value = "bottom";
		for (int i = 0; i < depth; i++) {
			value = Map.of("d", value);
		}
		return value;
	}

	private static Map<String, String> nullKeyMap() {
		Map<String, String> map = new HashMap<>();
		map.put(null, "v");
		return map;
	}

	public static final class SelfReference {

		public SelfReference getSelf() {
			return this;
		}

	}

	public static final class Node {

		private Node next;

		public Node getNext() {
			return this.next;
		}

		static Node cycle() {
			Node a = new Node();
			Node b = new Node();
			a.next = b;
			b.next = a;
			return a;
		}

	}

	public static final class ThrowingGetter {

		private final boolean error;

		ThrowingGetter(boolean error) {
			this.error = error;
		}

		public String getValue() {
			if (this.error) {
				throw new AssertionError("getter error");
			}
			throw new IllegalStateException("getter failed");
		}

	}

	public record Holder(List<String> items) {
	}

	static final class ThrowingMap extends AbstractMap<String, Object> {

		@Override
		public Set<Entry<String, Object>> entrySet() {
			throw new UnsupportedOperationException("no entries");
		}

		@Override
		public int size() {
			return 1;
		}

	}


}
