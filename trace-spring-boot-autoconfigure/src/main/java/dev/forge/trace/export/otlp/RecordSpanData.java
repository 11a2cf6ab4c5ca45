package dev.forge.trace.export.otlp;

import java.util.List;

import dev.forge.trace.SpanRecord;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
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
 * parent the parent id, attributes and result flattened to typed attributes plus the
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
	RecordSpanData(SpanRecord record, Resource resource, List<EventData> events, SpanAttributes batch) {
		this.record = record;
		this.resource = resource;
		this.events = events;
		this.attributes = batch.attributesOf(record);
		String error = batch.error();
		this.status = (error != null) ? StatusData.create(io.opentelemetry.api.trace.StatusCode.ERROR, error)
				: StatusData.unset();
		this.context = batch.context(record.rootId(), record.id());
		this.parentContext = (record.parentId() != 0) ? batch.context(record.rootId(), record.parentId())
				: batch.remoteParent(record);
	}

	@Override
	public String getName() {
		return this.record.name();
	}

	@Override
	public SpanKind getKind() {
		return switch (this.record.kind()) {
			case SERVER -> SpanKind.SERVER;
			case CLIENT -> SpanKind.CLIENT;
			case PRODUCER -> SpanKind.PRODUCER;
			case CONSUMER -> SpanKind.CONSUMER;
			case INTERNAL -> SpanKind.INTERNAL;
		};
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
