package dev.forge.trace.export;

import java.security.SecureRandom;
import java.util.Map;

import dev.forge.trace.SpanRecord;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the tracing formats share: 128-bit trace ids and string tags. A span's trace id
 * joins a random value drawn once per process (high 64 bits) to its root id (low 64
 * bits), so traces of several instances or restarts never collide; its span id is its id.
 * Attributes and results become tags flattened with dots ({@code user.id}); a result's
 * keys are prefixed with {@code result.}.
 */
public final class SpanTags {

	private static final long PROCESS = new SecureRandom().nextLong() | 1L;

	private static final JsonFactory FACTORY = new JsonFactory();

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private SpanTags() {
	}

	/** @return the high 64 bits of every trace id of this process */
	public static long traceIdHigh() {
		return PROCESS;
	}

	/**
	 * The trace id of the spans under a root, as 32 hex digits.
	 * @param rootId the root id ({@link SpanRecord#rootId()})
	 * @return the trace id
	 */
	public static String traceIdHex(long rootId) {
		return hex(PROCESS) + hex(rootId);
	}

	/**
	 * A span id as 16 hex digits.
	 * @param id the id
	 * @return the hex id
	 */
	public static String hex(long id) {
		String digits = Long.toHexString(id);
		return "0000000000000000".substring(digits.length()) + digits;
	}

	/**
	 * Flattens a span's attributes and result into string tags, streaming over their JSON
	 * text rather than building trees.
	 * @param record the span
	 * @param tags where the tags go
	 * @return the failure the span recorded, as {@code @Traced} and the observation bridge
	 * record it, or {@code null} when it did not fail
	 */
	public static String flatten(SpanRecord record, Map<String, String> tags) {
		stream("", record.attributesJson(), tags);
		stream("result", record.resultJson(), tags);
		return tags.get("result.error");
	}

	private static void stream(String root, byte[] json, Map<String, String> tags) {
		if (json == null) {
			return;
		}
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				tags.put(root.isEmpty() ? "value" : root, scalarOrTree(parser, first));
				return;
			}
			walk(root, parser, tags);
		}
	}

	/** Reads the fields of the object the parser is at the start of. */
	private static void walk(String prefix, JsonParser parser, Map<String, String> tags) {
		for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			String key = prefix.isEmpty() ? parser.currentName() : prefix + "." + parser.currentName();
			JsonToken value = parser.nextToken();
			if (value == JsonToken.START_OBJECT) {
				walk(key, parser, tags);
			}
			else {
				tags.put(key, scalarOrTree(parser, value));
			}
		}
	}

	private static String scalarOrTree(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		if (token == JsonToken.START_ARRAY) {
			// Arrays are rare in attributes: kept as their JSON text.
			return MAPPER.readTree(parser).toString();
		}
		return parser.getString();
	}

}
