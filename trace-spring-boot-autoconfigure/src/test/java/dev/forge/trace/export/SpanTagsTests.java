package dev.forge.trace.export;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceIds;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass reader that flattens snapshots into tags, checked against the same
 * flattening done on Jackson's tree of each snapshot, for random values written by the
 * tracer's own capture and by Jackson.
 */
class SpanTagsTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final String[] WORDS = { "a", "user", "region", "ключ", "名前", "emoji 😀", "quote \"q\"",
			"back\\slash", "tab\there", "line\nbreak", "bell\u0007", "slash/", "[brackets]", "{braces}", "", "ünï" };

	@Test
	void randomSnapshotsFlattenAsTheirTreesDo() {
		Random random = new Random(42);
		TraceService trace = new TraceService();
		SpanTags tags = new SpanTags(TraceIds.random());
		for (int i = 0; i < 2_000; i++) {
			SpanRecord record;
			if (i % 2 == 0) {
				Map<String, Object> attributes = randomMap(random, 0);
				record = trace.end(trace.start("captured", attributes), randomMap(random, 0));
			}
			else {
				record = new SpanRecord(i + 1, "jackson", 1, 1.0, randomNode(random, 0), randomNode(random, 0));
			}
			List<String> read = new ArrayList<>();
			String error = tags.flatten(record, new Collect(read, false));
			List<String> readTyped = new ArrayList<>();
			assertThat(tags.flatten(record, new Collect(readTyped, true))).isEqualTo(error);
			assertThat(readTyped).isEqualTo(read);
			List<String> expected = new ArrayList<>();
			expectedTags("", record.attributes(), expected);
			expectedTags("result", record.result(), expected);
			assertThat(read).as(record.toString()).containsExactlyElementsOf(expected);
			JsonNode resultError = (record.result() != null && record.result().isObject())
					? record.result().get("error") : null;
			if (resultError == null || resultError.isObject()) {
				assertThat(error).isNull();
			}
			else if (resultError.isString()) {
				assertThat(error).isEqualTo(resultError.stringValue());
			}
			else {
				assertThat(error).isNotNull();
			}
		}
	}

	@Test
	void whitespaceAndEscapesAreReadAsJsonDefinesThem() {
		String json = "{ \"a\" : { \"b\" : [ 1, \"x]\" ] , \"c\":\"\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\" },"
				+ "\n\t\"d\": -1.5e3, \"e\": true, \"f\": null, \"g\": {} }";
		List<String> read = new ArrayList<>();
		new FlatJsonReader().read(json.getBytes(StandardCharsets.UTF_8), "", new Collect(read, false));
		assertThat(read).containsExactly("a.b=[1,\"x]\"] (array)", "a.c=é😀\"\\/\b\f\n\r\t (string)",
				"d=-1500 (decimal)", "e=true (bool)", "f=null (string)");
	}

	@Test
	void aValueThatIsNotAnObjectIsOneTagNamedAfterItsRoot() {
		SpanRecord record = new SpanRecord(1, "s", 1, 1.0, MAPPER.valueToTree(List.of(1, 2)),
				MAPPER.valueToTree("done"));
		List<String> read = new ArrayList<>();
		assertThat(new SpanTags(TraceIds.random()).flatten(record, new Collect(read, false))).isNull();
		assertThat(read).containsExactly("value=[1,2] (array)", "result=done (string)");
	}

	@Test
	void idsAreTheTracersSixteenAndThirtyTwoLowerHexDigitsMadeOncePerBatch() {
		TraceIds traceIds = TraceIds.random();
		SpanIds ids = new SpanTags(traceIds).ids();
		assertThat(ids.spanId(0xabcL)).isEqualTo(traceIds.spanIdHex(0xabcL))
			.matches("[0-9a-f]{16}")
			.isSameAs(ids.spanId(0xabcL));
		assertThat(ids.traceId(7)).isEqualTo(traceIds.traceIdHex(7)).matches("[0-9a-f]{32}").isSameAs(ids.traceId(7));
		// The same slot as 1, and still each its own.
		assertThat(ids.spanId(1 + 256)).isEqualTo(traceIds.spanIdHex(257));
		assertThat(ids.spanId(1)).isEqualTo(traceIds.spanIdHex(1)).isNotEqualTo(ids.spanId(257));
	}

	private static void expectedTags(String prefix, JsonNode node, List<String> out) {
		if (node == null) {
			return;
		}
		if (!node.isObject()) {
			out.add(describe(prefix.isEmpty() ? "value" : prefix, node));
			return;
		}
		for (Map.Entry<String, JsonNode> field : node.properties()) {
			String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
			if (field.getValue().isObject()) {
				expectedTags(key, field.getValue(), out);
			}
			else {
				out.add(describe(key, field.getValue()));
			}
		}
	}

	private static String describe(String key, JsonNode value) {
		if (value.isArray()) {
			return key + "=" + value + " (array)";
		}
		if (value.isNumber()) {
			return key + "=" + (value.isIntegralNumber() ? value.bigIntegerValue() + " (integer)"
					: BigDecimal.valueOf(value.doubleValue()).stripTrailingZeros().toPlainString() + " (decimal)");
		}
		if (value.isBoolean()) {
			return key + "=" + value.booleanValue() + " (bool)";
		}
		return key + "=" + (value.isNull() ? "null" : value.stringValue()) + " (string)";
	}

	private static Map<String, Object> randomMap(Random random, int depth) {
		Map<String, Object> map = new LinkedHashMap<>();
		int size = random.nextInt(4);
		for (int i = 0; i < size; i++) {
			map.put(WORDS[random.nextInt(WORDS.length)] + i, randomValue(random, depth + 1));
		}
		return map;
	}

	private static Object randomValue(Random random, int depth) {
		return switch (random.nextInt((depth < 3) ? 9 : 7)) {
			case 0 -> WORDS[random.nextInt(WORDS.length)];
			case 1 -> random.nextInt();
			case 2 -> random.nextLong();
			case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
			case 4 -> random.nextBoolean();
			case 5 -> new BigDecimal("12345678901234567890123.5");
			case 6 -> "x".repeat(random.nextInt(50));
			case 7 -> randomMap(random, depth);
			default -> List.of(randomValue(random, depth + 1), WORDS[random.nextInt(WORDS.length)]);
		};
	}

	private static JsonNode randomNode(Random random, int depth) {
		if (random.nextInt(5) == 0) {
			return (random.nextBoolean()) ? null : JsonNodeFactory.instance.stringNode("plain");
		}
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		for (int i = 0; i < random.nextInt(4); i++) {
			String key = (depth == 0 && i == 0 && random.nextInt(3) == 0) ? "error"
					: WORDS[random.nextInt(WORDS.length)] + i;
			if (depth < 2 && random.nextInt(4) == 0) {
				node.set(key, randomNode(random, depth + 1));
			}
			else {
				node.set(key, MAPPER.valueToTree(randomValue(random, 3)));
			}
		}
		if (random.nextInt(6) == 0) {
			node.putNull("nothing");
		}
		return node;
	}

	/** Writes each tag as {@code key=value (kind)}, normalizing numbers and arrays for comparison. */
	private record Collect(List<String> out, boolean typed) implements SpanTags.TagVisitor {

		@Override
		public void integer(String key, long value) {
			this.out.add(key + "=" + value + " (integer)");
		}

		@Override
		public void string(String key, String value) {
			if (value.startsWith("[")) {
				try {
					this.out.add(key + "=" + MAPPER.readTree(value) + " (array)");
					return;
				}
				catch (RuntimeException ex) {
					// A string that merely starts with a bracket.
				}
			}
			this.out.add(key + "=" + value + " (string)");
		}

		@Override
		public void number(String key, String text, boolean integer) {
			// Jackson's tree reads decimals as doubles.
			this.out.add(key + "=" + (integer ? new java.math.BigInteger(text) + " (integer)"
					: BigDecimal.valueOf(Double.parseDouble(text)).stripTrailingZeros().toPlainString() + " (decimal)"));
		}

		@Override
		public void bool(String key, boolean value) {
			this.out.add(key + "=" + value + " (bool)");
		}

	}

}
