package dev.forge.trace.export.otlp;

import java.util.HashMap;
import java.util.Map;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.export.SpanTags;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * Makes the ids and attributes of one batch's spans, on one thread. Attributes keep their
 * JSON type where OTLP has one (string, long, double, boolean); arrays are their JSON text.
 * Keys and ids are made once per batch.
 */
final class SpanAttributes implements SpanTags.TagVisitor {

	private static final AttributeKey<String> THREAD_NAME = AttributeKey.stringKey("thread.name");

	private static final AttributeKey<Long> THREAD_ID = AttributeKey.longKey("thread.id");

	private final SpanTags tags = new SpanTags();

	private final Map<String, AttributeKey<String>> stringKeys = new HashMap<>();

	private final Map<String, AttributeKey<Long>> longKeys = new HashMap<>();

	private final Map<String, AttributeKey<Double>> doubleKeys = new HashMap<>();

	private final Map<String, AttributeKey<Boolean>> booleanKeys = new HashMap<>();

	// A child names its parent, which usually ends just after it: one context for both.
	private final long[] contextIds = new long[256];

	private final SpanContext[] contexts = new SpanContext[256];

	private AttributesBuilder builder;

	private String error;

	/**
	 * The thread, attributes and result of a span as OTLP attributes.
	 * @param record the span
	 * @return its attributes; {@link #error()} then tells whether it failed
	 */
	Attributes attributesOf(SpanRecord record) {
		this.builder = Attributes.builder().put(THREAD_NAME, record.threadName()).put(THREAD_ID, record.threadId());
		this.error = this.tags.flatten(record, this);
		Attributes attributes = this.builder.build();
		this.builder = null;
		return attributes;
	}

	/** @return the failure of the span last given to {@link #attributesOf}, or {@code null} */
	String error() {
		return this.error;
	}

	SpanContext context(long rootId, long id) {
		int slot = (int) id & 255;
		if (this.contextIds[slot] != id) {
			this.contextIds[slot] = id;
			this.contexts[slot] = SpanContext.create(this.tags.traceId(rootId), this.tags.spanId(id),
					TraceFlags.getSampled(), TraceState.getDefault());
		}
		return this.contexts[slot];
	}

	@Override
	public void string(String key, String value) {
		this.builder.put(this.stringKeys.computeIfAbsent(key, AttributeKey::stringKey), value);
	}

	@Override
	public boolean typed() {
		return true;
	}

	@Override
	public void integer(String key, long value) {
		this.builder.put(this.longKeys.computeIfAbsent(key, AttributeKey::longKey), value);
	}

	@Override
	public void number(String key, String text, boolean integer) {
		try {
			if (integer) {
				this.builder.put(this.longKeys.computeIfAbsent(key, AttributeKey::longKey), Long.parseLong(text));
			}
			else {
				this.builder.put(this.doubleKeys.computeIfAbsent(key, AttributeKey::doubleKey),
						Double.parseDouble(text));
			}
		}
		catch (NumberFormatException ex) {
			// Beyond a long: kept exactly, as text.
			string(key, text);
		}
	}

	@Override
	public void bool(String key, boolean value) {
		this.builder.put(this.booleanKeys.computeIfAbsent(key, AttributeKey::booleanKey), value);
	}

}
