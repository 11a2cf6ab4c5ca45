package dev.forge.trace.observation;

import dev.forge.trace.RemoteParent;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * The span Micrometer Tracing records for an observation, as the remote parent of the
 * local trace the observation starts here: beside Boot's own tracing there is then one
 * trace, not two. Loaded only when Micrometer Tracing is on the classpath.
 */
final class MicrometerTracingParent {

	private MicrometerTracingParent() {
	}

	static @Nullable RemoteParent of(Observation.Context context) {
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		if (span == null || span.isNoop()) {
			return null;
		}
		TraceContext traceContext = span.context();
		Boolean sampled = traceContext.sampled();
		return RemoteParent.fromB3(traceContext.traceId(), traceContext.spanId(),
				(sampled == null || sampled) ? "1" : "0");
	}

}
