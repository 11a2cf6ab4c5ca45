package dev.forge.trace.benchmarks;

import brave.Tracing;
import brave.context.slf4j.MDCScopeDecorator;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;

/**
 * Brave as the peers in these benchmarks run it: every span sampled and recorded, then
 * handed to a handler that keeps nothing, so what is measured is Brave's own work.
 */
final class BraveFixtures {

	/** Ends each span and keeps nothing. */
	static final SpanHandler KEEP_NOTHING = new SpanHandler() {
		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			return true;
		}
	};

	private BraveFixtures() {
	}

	/** Every span sampled. */
	static Tracing sampled() {
		return Tracing.newBuilder().sampler(Sampler.ALWAYS_SAMPLE).addSpanHandler(KEEP_NOTHING).build();
	}

	/** Every span sampled, with the trace and span ids in SLF4J's MDC while in scope. */
	static Tracing sampledWithLogCorrelation() {
		return Tracing.newBuilder()
			.sampler(Sampler.ALWAYS_SAMPLE)
			.currentTraceContext(
					ThreadLocalCurrentTraceContext.newBuilder().addScopeDecorator(MDCScopeDecorator.get()).build())
			.addSpanHandler(KEEP_NOTHING)
			.build();
	}

	/** Micrometer Tracing's tracer over Brave's. */
	static BraveTracer micrometerTracer(Tracing tracing) {
		return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
				new BraveBaggageManager());
	}

}
