package dev.forge.trace;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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

import dev.forge.trace.capture.ValueCapture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

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
				Arguments.of("self-referencing bean", values("bean", new SelfReference()), Outcome.TRUNCATED),
				Arguments.of("indirectly cyclic beans", values("beans", Node.cycle()), Outcome.TRUNCATED),
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
				// Not a collection: described, never iterated, so its iterator is never asked for.
				Arguments.of("iterator throws", values("iter", (Iterable<Object>) () -> {
					throw new IllegalStateException("no iterating");
				}), Outcome.KEPT),
				Arguments.of("1,000,000-character map key", values("key", Map.of("x".repeat(1_000_000), 1)),
						Outcome.TRUNCATED),
				Arguments.of("million-digit BigInteger", values("big", BigInteger.TEN.pow(1_000_000)), Outcome.TRUNCATED),
				Arguments.of("million-digit BigDecimal", values("big", new BigDecimal(BigInteger.TEN.pow(1_000_000), 3)),
						Outcome.TRUNCATED),
				Arguments.of("10 MB byte[] in a bean", values("bytes", new Bytes(new byte[10 << 20])), Outcome.TRUNCATED),
				Arguments.of("5,000 empty lists", values("lists", Collections.nCopies(5_000, List.of())),
						Outcome.TRUNCATED),
				Arguments.of("thousands of one-character strings", values("chars", Collections.nCopies(5_000, "c")),
						Outcome.TRUNCATED),
				Arguments.of("control characters that escape to six bytes", values("ctl", "\u0001".repeat(10_000)),
						Outcome.TRUNCATED),
				Arguments.of("non-Latin text", values("cjk", "\u4e2d".repeat(10_000)), Outcome.TRUNCATED),
				Arguments.of("emoji cut between surrogates", values("emoji", "\ud83d\ude00".repeat(3_000)),
						Outcome.TRUNCATED),
				Arguments.of("POJONode whose getter throws",
						values("pojo", JsonNodeFactory.instance.pojoNode(new ThrowingGetter(false))), Outcome.DROPPED),
				Arguments.of("POJONode wrapping a huge list",
						values("pojo", JsonNodeFactory.instance.pojoNode(Collections.nCopies(100_000, "v"))),
						Outcome.TRUNCATED),
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
				// The bound is in bytes of JSON, whatever the shape or the characters.
				assertThat(captured.toString().getBytes(StandardCharsets.UTF_8).length)
					.isLessThanOrEqualTo(BOUND.maxEncodedLength());
			}
			switch (outcome) {
				case DROPPED -> assertThat(captured.findValue(ValueCapture.DROPPED).asString()).contains("could not be captured");
				case TRUNCATED -> {
					if (value != null) {
						assertThat(captured.toString()).containsAnyOf("more chars", "more elements", "more fields",
								"nested deeper than", "more bytes)", "digits)");
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

	private static final ValueCapture BOUND = new ValueCapture(TraceOptions.defaults().maxValueLength(),
			TraceOptions.defaults().maxValueDepth(), List.of());

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

	public record Bytes(byte[] data) {
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
