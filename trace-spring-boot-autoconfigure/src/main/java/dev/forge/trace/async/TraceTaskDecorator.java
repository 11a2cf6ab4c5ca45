package dev.forge.trace.async;

import dev.forge.trace.TraceService;

import org.springframework.core.task.TaskDecorator;

/**
 * Runs each task handed to a Spring executor as part of the span current where it was
 * handed over ({@link TraceService#wrap(Runnable)}): an {@code @Async} method, a task
 * submitted to Boot's {@code applicationTaskExecutor} or a {@code CompletableFuture} stage
 * on it continues the request's trace. Spring Boot applies every {@code TaskDecorator}
 * bean to the executors and schedulers its builders make, composed with the
 * application's own. Costs nothing for a task handed over outside any span: it is
 * returned as it is.
 */
public final class TraceTaskDecorator implements TaskDecorator {

	private final TraceService trace;

	/**
	 * Creates a decorator.
	 * @param trace the tracer whose current span is handed over
	 */
	public TraceTaskDecorator(TraceService trace) {
		this.trace = trace;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		return this.trace.wrap(runnable);
	}

}
