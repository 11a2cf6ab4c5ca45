package dev.forge.trace.export.otlp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * A span's attributes as the exporter reads them: key and value pairs in one array, keys
 * unique by name (made so by {@link SpanAttributes}), in the order they were read. Spares
 * the SDK builder's list, copy and sort per span, as OTLP needs no order.
 */
final class FlatAttributes implements Attributes {

	private final Object[] pairs;

	FlatAttributes(Object[] pairs) {
		this.pairs = pairs;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T get(AttributeKey<T> key) {
		for (int i = 0; i < this.pairs.length; i += 2) {
			if (this.pairs[i].equals(key)) {
				return (T) this.pairs[i + 1];
			}
		}
		return null;
	}

	@Override
	public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
		for (int i = 0; i < this.pairs.length; i += 2) {
			consumer.accept((AttributeKey<?>) this.pairs[i], this.pairs[i + 1]);
		}
	}

	@Override
	public int size() {
		return this.pairs.length / 2;
	}

	@Override
	public boolean isEmpty() {
		return this.pairs.length == 0;
	}

	@Override
	public Map<AttributeKey<?>, Object> asMap() {
		Map<AttributeKey<?>, Object> map = new LinkedHashMap<>();
		forEach(map::put);
		return Collections.unmodifiableMap(map);
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public AttributesBuilder toBuilder() {
		AttributesBuilder builder = Attributes.builder();
		forEach((key, value) -> builder.put((AttributeKey) key, value));
		return builder;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Attributes attributes && asMap().equals(attributes.asMap());
	}

	@Override
	public int hashCode() {
		return asMap().hashCode();
	}

	@Override
	public String toString() {
		return asMap().toString();
	}

}
