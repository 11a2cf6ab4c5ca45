package dev.forge.trace;

import java.math.BigInteger;

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
		long id = value;
		if (id >= 0) {
			generator.writeNumber(id);
		}
		else {
			generator.writeNumber(new BigInteger(Long.toUnsignedString(id)));
		}
	}

}
