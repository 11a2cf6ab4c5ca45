package dev.forge.trace;

import java.math.BigInteger;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a {@link SpanRecord} in the reference shape: {@code id} (unsigned),
 * {@code name}, {@code started_at}, {@code duration_ms}, then {@code attributes} and
 * {@code result} when present, copied token by token from their snapshots. A snapshot is
 * JSON that capture produced and checked, so writing a record cannot fail on its values.
 */
final class SpanRecordSerializer extends StdSerializer<SpanRecord> {

	private static final JsonFactory FACTORY = new JsonFactory();

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	SpanRecordSerializer() {
		super(SpanRecord.class);
	}

	@Override
	public void serialize(SpanRecord record, JsonGenerator generator, SerializationContext context) {
		generator.writeStartObject(record);
		generator.writeName("id");
		writeUnsigned(generator, record.id());
		generator.writeStringProperty("name", record.name());
		generator.writeNumberProperty("started_at", record.startedAt());
		generator.writeNumberProperty("duration_ms", record.durationMs());
		writeSnapshot(generator, "attributes", record.rawAttributes());
		writeSnapshot(generator, "result", record.rawResult());
		generator.writeEndObject();
	}

	/** Span ids are unsigned: ids past {@link Long#MAX_VALUE} stay positive in JSON. */
	static void writeUnsigned(JsonGenerator generator, long id) {
		if (id >= 0) {
			generator.writeNumber(id);
		}
		else {
			generator.writeNumber(new BigInteger(Long.toUnsignedString(id)));
		}
	}

	static void writeSnapshot(JsonGenerator generator, String name, byte[] json) {
		if (json == null) {
			return;
		}
		generator.writeName(name);
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
			parser.nextToken();
			generator.copyCurrentStructure(parser);
		}
	}

	static String toJson(SpanRecord record) {
		return MAPPER.writeValueAsString(record);
	}

}
