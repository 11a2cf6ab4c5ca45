package dev.forge.trace;

import tools.jackson.databind.JsonNode;

/**
 * A span started and not yet ended.
 */
final class ActiveSpan {

	final String name;

	final long startedAt;

	final long startNanos;

	final JsonNode attributes;

	ActiveSpan(String name, long startedAt, long startNanos, JsonNode attributes) {
		this.name = name;
		this.startedAt = startedAt;
		this.startNanos = startNanos;
		this.attributes = attributes;
	}

}
