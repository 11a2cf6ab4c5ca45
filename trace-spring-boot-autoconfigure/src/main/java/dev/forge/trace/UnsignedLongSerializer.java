package dev.forge.trace;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes span ids as unsigned decimal numbers, so ids past {@link Long#MAX_VALUE} stay
 * positive in JSON.
 */
final class UnsignedLongSerializer extends StdSerializer<Long> {

	UnsignedLongSerializer() {
		super(Long.class);
	}

	@Override
	public void serialize(Long value, JsonGenerator generator, SerializationContext context) {
		SpanRecordSerializer.writeUnsigned(generator, value);
	}

}
