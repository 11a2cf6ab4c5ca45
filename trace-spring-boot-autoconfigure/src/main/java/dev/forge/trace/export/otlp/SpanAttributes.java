package dev.forge.trace.export.otlp;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceIds;
import dev.forge.trace.export.SpanTags;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Makes the ids and attributes of one batch's spans, on one thread. Attributes keep their
 * JSON type where OTLP has one (string, long, double, boolean); arrays are their JSON text.
 * Keys and ids are made once per batch.
 */
final class SpanAttributes implements SpanTags.TagVisitor {

	private static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");

	private static final AttributeKey<Long> THREAD_ID = AttributeKey.longKey("thread.id");

	// Slots of the first 16 pairs, scanned for a duplicate key; later keys are in a map.
	private static final int LINEAR = 32;

	private final SpanTags tags;

	private final Map<String, AttributeKey<String>> stringKeys = new HashMap<>();

	private final Map<String, AttributeKey<Long>> longKeys = new HashMap<>();

	private final Map<String, AttributeKey<Double>> doubleKeys = new HashMap<>();

	private final Map<String, AttributeKey<Boolean>> booleanKeys = new HashMap<>();

	private final Map<String, Integer> indexOfKey = new HashMap<>();

	// A child names its parent, which usually ends just after it: one context for both.
	private final long[] contextIds = new long[256];

	private final SpanContext[] contexts = new SpanContext[256];

	// The pairs of the span being read: key, value, key, value.
	private Object[] pairs = new Object[32];

	private int size;

	private String error;

	SpanAttributes(TraceIds traceIds) {
		this.tags = new SpanTags(traceIds);
	}

	/**
	 * The thread, attributes and result of a span as OTLP attributes.
	 * @param record the span
	 * @return its attributes; {@link #error()} then tells whether it failed
	 */
	Attributes attributesOf(SpanRecord record) {
		this.size = 0;
		this.indexOfKey.clear();
		put(THREAD_NAME, record.threadName());
		put(THREAD_ID, record.threadId());
		this.error = this.tags.flatten(record, this);
		return new FlatAttributes(Arrays.copyOf(this.pairs, this.size));
	}

	/** Adds a pair; a later value for the same key name replaces the earlier, as OTLP keys are unique. */
	private void put(AttributeKey<?> key, Object value) {
		int existing = indexOf(key.getKey());
		if (existing >= 0) {
			this.pairs[existing] = key;
			this.pairs[existing + 1] = value;
			return;
		}
		if (this.size == this.pairs.length) {
			this.pairs = Arrays.copyOf(this.pairs, this.size * 2);
		}
		if (this.size >= LINEAR) {
			this.indexOfKey.put(key.getKey(), this.size);
		}
		this.pairs[this.size++] = key;
		this.pairs[this.size++] = value;
	}

	/** Scans the first pairs; past them (many keys) a map keeps lookups linear overall. */
	private int indexOf(String name) {
		for (int i = 0; i < Math.min(this.size, LINEAR); i += 2) {
			String other = ((AttributeKey<?>) this.pairs[i]).getKey();
			if (other == name || other.equals(name)) {
				return i;
			}
		}
		if (this.size > LINEAR) {
			Integer index = this.indexOfKey.get(name);
			return (index != null) ? index : -1;
		}
		return -1;
	}

	/** @return the failure of the span last given to {@link #attributesOf}, or {@code null} */
	String error() {
		return this.error;
	}

	/** The remote span a root continues, or the invalid context for a root begun here. */
	SpanContext remoteParent(SpanRecord record) {
		String parentId = this.tags.ids().parentId(record);
		return (parentId != null) ? new RecordSpanContext(this.tags.ids().traceId(record.rootId()), parentId)
				: SpanContext.getInvalid();
	}

	SpanContext context(long rootId, long id) {
		int slot = (int) id & 255;
		if (this.contextIds[slot] != id) {
			this.contextIds[slot] = id;
			this.contexts[slot] = new RecordSpanContext(this.tags.ids().traceId(rootId), this.tags.ids().spanId(id));
		}
		return this.contexts[slot];
	}

	@Override
	public void string(String key, String value) {
		put(this.stringKeys.computeIfAbsent(key, AttributeKey::stringKey), value);
	}

	@Override
	public boolean typed() {
		return true;
	}

	@Override
	public void integer(String key, long value) {
		put(this.longKeys.computeIfAbsent(key, AttributeKey::longKey), value);
	}

	@Override
	public void number(String key, String text, boolean integer) {
		try {
			if (integer) {
				put(this.longKeys.computeIfAbsent(key, AttributeKey::longKey), Long.parseLong(text));
			}
			else {
				put(this.doubleKeys.computeIfAbsent(key, AttributeKey::doubleKey), Double.parseDouble(text));
			}
		}
		catch (NumberFormatException ex) {
			// Beyond a long: kept exactly, as text.
			string(key, text);
		}
	}

	@Override
	public void bool(String key, boolean value) {
		put(this.booleanKeys.computeIfAbsent(key, AttributeKey::booleanKey), value);
	}

}
