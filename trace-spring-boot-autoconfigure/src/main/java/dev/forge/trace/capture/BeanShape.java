package dev.forge.trace.capture;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.PropertyWriter;
import tools.jackson.databind.ser.bean.BeanSerializerBase;

/**
 * The properties Jackson would write for a bean class, found once per class, so a capture
 * reads them one at a time under its own limits rather than letting Jackson serialize the
 * whole graph. A property is sensitive when its JSON name or its Java name (the field or
 * getter behind a renamed property) is.
 */
final class BeanShape {

	/** A class Jackson does not write as a bean (a {@code @JsonValue}, a custom serializer). */
	static final BeanShape NOT_A_BEAN = new BeanShape(null, null);

	final String[] names;

	final BeanPropertyWriter[] writers;

	final boolean[] sensitive;

	private BeanShape(String[] names, BeanPropertyWriter[] writers) {
		this.names = names;
		this.writers = writers;
		this.sensitive = (names != null) ? new boolean[names.length] : null;
	}

	static BeanShape of(Class<?> type, JsonMapper mapper, SensitiveKeys keys) {
		ValueSerializer<Object> serializer;
		try {
			serializer = mapper._serializationContext().findValueSerializer(type);
		}
		catch (RuntimeException ex) {
			return NOT_A_BEAN;
		}
		if (!(serializer instanceof BeanSerializerBase bean)) {
			return NOT_A_BEAN;
		}
		List<BeanPropertyWriter> writers = new ArrayList<>();
		for (Iterator<PropertyWriter> it = bean.properties(); it.hasNext();) {
			if (it.next() instanceof BeanPropertyWriter writer) {
				writers.add(writer);
			}
		}
		BeanShape shape = new BeanShape(new String[writers.size()], writers.toArray(BeanPropertyWriter[]::new));
		for (int i = 0; i < shape.writers.length; i++) {
			BeanPropertyWriter writer = shape.writers[i];
			shape.names[i] = writer.getName();
			String member = (writer.getMember() != null) ? javaName(writer.getMember().getName()) : "";
			shape.sensitive[i] = keys.isSensitive(writer.getName()) || keys.isSensitive(member);
		}
		return shape;
	}

	/** {@code getPassword} and {@code isSecret} stand for {@code password} and {@code secret}. */
	private static String javaName(String member) {
		for (String prefix : new String[] { "get", "is" }) {
			if (member.length() > prefix.length() && member.startsWith(prefix)
					&& Character.isUpperCase(member.charAt(prefix.length()))) {
				return member.substring(prefix.length());
			}
		}
		return member;
	}

}
