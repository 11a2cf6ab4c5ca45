package dev.forge.trace;

import tools.jackson.databind.JsonNode;

/**
 * A value captured as JSON, with what capturing it had to give up. The flags are
 * counted only once the span the value belongs to is found, so a failed {@code end}
 * changes no counter.
 *
 * @param node the snapshot, or {@code null} when there was no value
 * @param truncated something was cut to respect the size or depth limits
 * @param failed some part could not be serialized and was replaced by a marker
 */
record Captured(JsonNode node, boolean truncated, boolean failed) {

	static final Captured NONE = new Captured(null, false, false);

}
