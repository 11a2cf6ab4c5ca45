package dev.forge.trace.export.otlp;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * The context of an exported span: its hex ids, sampled, local. Valid by construction
 * (ids are never 0 and always lower hex), so neither creating nor asking it checks the
 * ids again, as the API's own implementation does on every create.
 */
final class RecordSpanContext implements SpanContext {

	private final String traceId;

	private final String spanId;

	RecordSpanContext(String traceId, String spanId) {
		this.traceId = traceId;
		this.spanId = spanId;
	}

	@Override
	public String getTraceId() {
		return this.traceId;
	}

	@Override
	public String getSpanId() {
		return this.spanId;
	}

	@Override
	public TraceFlags getTraceFlags() {
		return TraceFlags.getSampled();
	}

	@Override
	public TraceState getTraceState() {
		return TraceState.getDefault();
	}

	@Override
	public boolean isValid() {
		return true;
	}

	@Override
	public boolean isRemote() {
		return false;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SpanContext context && this.traceId.equals(context.getTraceId())
				&& this.spanId.equals(context.getSpanId()) && getTraceFlags().equals(context.getTraceFlags())
				&& getTraceState().equals(context.getTraceState()) && !context.isRemote();
	}

	@Override
	public int hashCode() {
		return 31 * this.traceId.hashCode() + this.spanId.hashCode();
	}

	@Override
	public String toString() {
		return "SpanContext{traceId=" + this.traceId + ", spanId=" + this.spanId + ", sampled}";
	}

}
