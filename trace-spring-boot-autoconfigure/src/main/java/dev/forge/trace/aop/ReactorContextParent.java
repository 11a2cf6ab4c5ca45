package dev.forge.trace.aop;

import dev.forge.trace.TraceService;
import dev.forge.trace.observation.TraceObservationHandler;
import reactor.util.context.ContextView;

import org.springframework.util.ClassUtils;

/**
 * The parent a reactive {@code @Traced} method finds in its subscriber's Reactor context
 * when no span is current on the subscribing thread: WebFlux keeps the request's
 * observation there, so a method subscribed on another scheduler nests under the request
 * even without Reactor's automatic context propagation. Loaded only with reactor-core.
 */
final class ReactorContextParent {

	// ObservationThreadLocalAccessor.KEY, written out: that class needs context-propagation.
	private static final String OBSERVATION_KEY = "micrometer.observation";

	private static final boolean OBSERVATIONS = ClassUtils.isPresent("io.micrometer.observation.Observation",
			ReactorContextParent.class.getClassLoader());

	private ReactorContextParent() {
	}

	/**
	 * Makes the span of the context's observation current on this thread.
	 * @return the id to close the scope of, or 0 when none was entered
	 */
	static long enter(TracedMethodInterceptor interceptor, ContextView context) {
		if (!OBSERVATIONS) {
			return 0;
		}
		try {
			TraceService trace = interceptor.traceService();
			Object observation = (trace.currentSpanId() == 0) ? context.getOrDefault(OBSERVATION_KEY, null) : null;
			return (observation != null) ? TraceObservationHandler.enterSpanOf(trace, observation) : 0;
		}
		catch (RuntimeException ex) {
			interceptor.tracingFailed();
			return 0;
		}
	}

}
