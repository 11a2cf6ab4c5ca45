package dev.forge.trace.export;

import java.security.SecureRandom;
import java.util.Map;

import dev.forge.trace.SpanRecord;
import tools.jackson.databind.JsonNode;

/**
 * What the tracing formats share: 128-bit trace ids and string tags. A span's trace id
 * joins a random value drawn once per process (high 64 bits) to its root id (low 64
 * bits), so traces of several instances or restarts never collide; its span id is its id.
 * Attributes and results become tags flattened with dots ({@code user.id}); a result's
 * keys are prefixed with {@code result.}.
 */
public final class SpanTags {

	private static final long PROCESS = new SecureRandom().nextLong() | 1L;

	private SpanTags() {
	}

	/** @return the high 64 bits of every trace id of this process */
	public static long traceIdHigh() {
		return PROCESS;
	}

	/**
	 * The span's trace id, as 32 hex digits.
	 * @param record the span
	 * @return the trace id
	 */
	public static String traceIdHex(SpanRecord record) {
		return hex(PROCESS) + hex(record.rootId());
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
	 * Flattens a span's attributes and result into string tags.
	 * @param record the span
	 * @param tags where the tags go
	 */
	public static void flatten(SpanRecord record, Map<String, String> tags) {
		flatten("", record.attributes(), tags);
		flatten("result", record.result(), tags);
	}

	/**
	 * The failure a span recorded, as {@code @Traced} and the observation bridge record it.
	 * @param record the span
	 * @return the error message, or {@code null} when the span did not fail
	 */
	public static String error(SpanRecord record) {
		JsonNode result = record.result();
		if (result != null && result.isObject() && result.has("error")) {
			JsonNode error = result.get("error");
			return error.isString() ? error.asString() : error.toString();
		}
		return null;
	}

	private static void flatten(String prefix, JsonNode node, Map<String, String> tags) {
		if (node == null) {
			return;
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), tags);
			}
		}
		else if (!prefix.isEmpty()) {
			tags.put(prefix, node.isString() ? node.asString() : node.toString());
		}
		else {
			tags.put("value", node.isString() ? node.asString() : node.toString());
		}
	}

}
