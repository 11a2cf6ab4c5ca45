package dev.forge.trace.format;

import java.util.Map;

import dev.forge.trace.SpanRecord;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes a {@link ChromeTrace}, {@code displayTimeUnit} first.
 */
final class ChromeTraceSerializer extends StdSerializer<ChromeTrace> {

	ChromeTraceSerializer() {
		super(ChromeTrace.class);
	}

	@Override
	public void serialize(ChromeTrace trace, JsonGenerator json, SerializationContext context) {
		json.writeStartObject();
		json.writeStringProperty("displayTimeUnit", "ms");
		json.writeName("traceEvents");
		json.writeStartArray();
		metadata(json, trace.pid(), 0, "process_name", trace.processName());
		for (Map.Entry<Long, String> thread : trace.threads().entrySet()) {
			metadata(json, trace.pid(), thread.getKey(), "thread_name",
					thread.getValue().isEmpty() ? "thread " + thread.getKey() : thread.getValue());
		}
		for (ChromeTrace.Event event : trace.events()) {
			SpanRecord record = event.record();
			switch (event.kind()) {
				case COMPLETE -> {
					json.writeStartObject();
					common(json, trace, record, "X", ChromeTrace.startMicros(record));
					json.writeNumberProperty("dur", ChromeTrace.endMicros(record) - ChromeTrace.startMicros(record));
					args(json, record);
					json.writeEndObject();
				}
				case INSTANT -> {
					json.writeStartObject();
					common(json, trace, record, "i", ChromeTrace.startMicros(record));
					json.writeStringProperty("s", "t");
					args(json, record);
					json.writeEndObject();
				}
				case ASYNC -> {
					json.writeStartObject();
					common(json, trace, record, "b", ChromeTrace.startMicros(record));
					json.writeStringProperty("id", Long.toHexString(record.id()));
					args(json, record);
					json.writeEndObject();
					json.writeStartObject();
					common(json, trace, record, "e", ChromeTrace.endMicros(record));
					json.writeStringProperty("id", Long.toHexString(record.id()));
					json.writeEndObject();
				}
			}
		}
		json.writeEndArray();
		json.writeEndObject();
	}

	private static void metadata(JsonGenerator json, long pid, long tid, String name, String value) {
		json.writeStartObject();
		json.writeStringProperty("name", name);
		json.writeStringProperty("ph", "M");
		json.writeNumberProperty("pid", pid);
		json.writeNumberProperty("tid", tid);
		json.writeName("args");
		json.writeStartObject();
		json.writeStringProperty("name", value);
		json.writeEndObject();
		json.writeEndObject();
	}

	private static void common(JsonGenerator json, ChromeTrace trace, SpanRecord record, String phase, long ts) {
		json.writeStringProperty("name", record.name());
		json.writeStringProperty("cat", "span");
		json.writeStringProperty("ph", phase);
		json.writeNumberProperty("ts", ts);
		json.writeNumberProperty("pid", trace.pid());
		json.writeNumberProperty("tid", record.threadId());
	}

	private static void args(JsonGenerator json, SpanRecord record) {
		json.writeName("args");
		json.writeStartObject();
		json.writeStringProperty("id", Long.toUnsignedString(record.id()));
		if (record.parentId() != 0) {
			json.writeStringProperty("parent_id", Long.toUnsignedString(record.parentId()));
		}
		json.writeStringProperty("root_id", Long.toUnsignedString(record.rootId()));
		// The ids as exported and propagated, to find the span in Zipkin or another backend.
		json.writeStringProperty("trace_id", record.traceId());
		json.writeStringProperty("span_id", record.spanId());
		write(json, "attributes", record.attributes());
		write(json, "result", record.result());
		json.writeEndObject();
	}

	private static void write(JsonGenerator json, String name, JsonNode value) {
		if (value != null) {
			json.writeName(name);
			json.writeTree(value);
		}
	}

}
