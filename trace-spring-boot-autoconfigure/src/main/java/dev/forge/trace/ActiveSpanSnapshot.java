package dev.forge.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A span started and not yet ended, as seen by {@link TraceService#activeSpans()}.
 *
 * @param id the span id, an unsigned 64-bit value
 * @param name the span name
 * @param startedAt wall-clock start in milliseconds since the UNIX epoch
 * @param ageMs time since the start, from a monotonic clock, in milliseconds
 * @param attributes the attributes given at start, or {@code null}
 */
@JsonPropertyOrder({ "id", "name", "started_at", "age_ms", "attributes" })
public record ActiveSpanSnapshot(@JsonProperty("id") @JsonSerialize(using = UnsignedLongSerializer.class) long id,
		@JsonProperty("name") String name, @JsonProperty("started_at") long startedAt,
		@JsonProperty("age_ms") double ageMs,
		@JsonProperty("attributes") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode attributes) {

	/**
	 * The attributes given at start.
	 * @return a copy of the attributes snapshot, or {@code null}
	 */
	@Override
	public JsonNode attributes() {
		return (this.attributes != null) ? this.attributes.deepCopy() : null;
	}

}
