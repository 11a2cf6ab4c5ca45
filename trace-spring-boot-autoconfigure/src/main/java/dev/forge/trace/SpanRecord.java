package dev.forge.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A finished span, or an instant event with a duration of zero.
 * <p>
 * As JSON: {@code {"id":1,"name":"fetchUser","started_at":1764000000000,"duration_ms":12.53,
 * "attributes":{...},"result":{...}}}, with {@code attributes} and {@code result} left out
 * when absent and {@code id} written as an unsigned decimal number.
 * <p>
 * {@code attributes} and {@code result} are snapshots taken when the span started and
 * ended; the accessors return copies so that a caller cannot change a buffered record.
 *
 * @param id the span id, an unsigned 64-bit value, never 0
 * @param name the span name
 * @param startedAt wall-clock start in milliseconds since the UNIX epoch
 * @param durationMs elapsed time from a monotonic clock, in milliseconds (0 for instants)
 * @param attributes the attributes given at start, or {@code null}
 * @param result the result given at end, or {@code null}
 */
@JsonPropertyOrder({ "id", "name", "started_at", "duration_ms", "attributes", "result" })
public record SpanRecord(
		@JsonProperty("id") @JsonSerialize(using = UnsignedLongSerializer.class) long id,
		@JsonProperty("name") String name,
		@JsonProperty("started_at") long startedAt,
		@JsonProperty("duration_ms") double durationMs,
		@JsonProperty("attributes") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode attributes,
		@JsonProperty("result") @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode result) {

	/**
	 * The attributes given at start.
	 * @return a copy of the attributes snapshot, or {@code null} when there were none
	 */
	@Override
	public JsonNode attributes() {
		return (this.attributes != null) ? this.attributes.deepCopy() : null;
	}

	/**
	 * The result given at end.
	 * @return a copy of the result snapshot, or {@code null} when there was none
	 */
	@Override
	public JsonNode result() {
		return (this.result != null) ? this.result.deepCopy() : null;
	}

}
