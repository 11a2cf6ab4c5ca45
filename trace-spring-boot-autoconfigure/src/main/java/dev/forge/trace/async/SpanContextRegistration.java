package dev.forge.trace.async;

import dev.forge.trace.TraceService;
import dev.forge.trace.internal.SpanContextAccessor;
import io.micrometer.context.ContextRegistry;

import org.springframework.beans.factory.DisposableBean;

/**
 * Registers the tracer's current span with Micrometer's context-propagation library for
 * as long as the application context runs, so that {@code ContextSnapshot},
 * {@code ContextExecutorService}, Spring's {@code ContextPropagatingTaskDecorator} and
 * Reactor's automatic context propagation carry it to other threads.
 */
public final class SpanContextRegistration implements DisposableBean {

	private final ContextRegistry registry;

	private final SpanContextAccessor accessor;

	/**
	 * Registers the tracer's accessor with the global registry.
	 * @param trace the tracer
	 */
	public SpanContextRegistration(TraceService trace) {
		this(trace, ContextRegistry.getInstance());
	}

	SpanContextRegistration(TraceService trace, ContextRegistry registry) {
		this.registry = registry;
		this.accessor = SpanContextAccessor.forService(trace);
		registry.registerThreadLocalAccessor(this.accessor);
	}

	@Override
	public void destroy() {
		// A String key: older context-propagation versions (Boot 4.0.0's) remove by String.
		this.registry.removeThreadLocalAccessor(String.valueOf(this.accessor.key()));
	}

}
