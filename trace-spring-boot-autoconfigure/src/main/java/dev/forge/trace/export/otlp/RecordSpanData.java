package dev.forge.trace.export.otlp;

import java.util.List;
import java.util.Map;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.export.SpanTags;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

/**
 * A {@link SpanRecord} seen as the OpenTelemetry SDK's {@link SpanData}, for its OTLP
 * exporter: trace id from the root id and the process's random value, span id the id,
 * parent the parent id, attributes and result flattened to string attributes plus the
 * thread ({@code thread.name}, {@code thread.id}), an error result as an ERROR status
 * with its message, and the instants of the span as its events.
 */
final class RecordSpanData implements SpanData {

	private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("dev.forge.trace");

	private final SpanRecord record;

	private final Resource resource;

	private final List<EventData> events;

	private final Attributes attributes;

	private final StatusData status;

	private final SpanContext context;

	private final SpanContext parentContext;

	// Worked out once: the exporter's marshalers ask for each of these more than once.
	RecordSpanData(SpanRecord record, Resource resource, List<EventData> events) {
		this.record = record;
		this.resource = resource;
		this.events = events;
		AttributesBuilder builder = Attributes.builder();
		builder.put("thread.name", record.threadName());
		builder.put("thread.id", record.threadId());
		Map<String, String> tags = new java.util.LinkedHashMap<>();
		String error = SpanTags.flatten(record, tags);
		tags.forEach(builder::put);
		this.attributes = builder.build();
		this.status = (error != null) ? StatusData.create(io.opentelemetry.api.trace.StatusCode.ERROR, error)
				: StatusData.unset();
		this.context = context(record.rootId(), record.id());
		this.parentContext = (record.parentId() != 0) ? context(record.rootId(), record.parentId())
				: SpanContext.getInvalid();
	}

	static SpanContext context(long rootId, long id) {
		return SpanContext.create(SpanTags.traceIdHex(rootId), SpanTags.hex(id),
				TraceFlags.getSampled(), TraceState.getDefault());
	}

	@Override
	public String getName() {
		return this.record.name();
	}

	@Override
	public SpanKind getKind() {
		return SpanKind.INTERNAL;
	}

	@Override
	public SpanContext getSpanContext() {
		return this.context;
	}

	@Override
	public SpanContext getParentSpanContext() {
		return this.parentContext;
	}

	@Override
	public StatusData getStatus() {
		return this.status;
	}

	@Override
	public long getStartEpochNanos() {
		return this.record.startEpochNanos();
	}

	@Override
	public Attributes getAttributes() {
		return this.attributes;
	}

	@Override
	public List<EventData> getEvents() {
		return this.events;
	}

	@Override
	public List<LinkData> getLinks() {
		return List.of();
	}

	@Override
	public long getEndEpochNanos() {
		return this.record.startEpochNanos() + this.record.durationNanos();
	}

	@Override
	public boolean hasEnded() {
		return true;
	}

	@Override
	public int getTotalRecordedEvents() {
		return this.events.size();
	}

	@Override
	public int getTotalRecordedLinks() {
		return 0;
	}

	@Override
	public int getTotalAttributeCount() {
		return this.attributes.size();
	}

	@Override
	@SuppressWarnings("deprecation")
	public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
		return InstrumentationLibraryInfo.create(SCOPE.getName(), null);
	}

	@Override
	public InstrumentationScopeInfo getInstrumentationScopeInfo() {
		return SCOPE;
	}

	@Override
	public Resource getResource() {
		return this.resource;
	}

}
