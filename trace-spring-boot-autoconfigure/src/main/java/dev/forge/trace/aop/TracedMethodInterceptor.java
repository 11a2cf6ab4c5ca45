package dev.forge.trace.aop;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.forge.trace.SpanNotFoundException;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import dev.forge.trace.internal.ApiAccess;
import dev.forge.trace.internal.CurrentSpans;
import dev.forge.trace.internal.TraceEngine;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;


/**
 * Records a span around each call of a {@link Traced} method. Tracing never changes what
 * the caller sees: the method's own value and exception pass through unchanged, and a
 * failure of tracing itself is contained and counted in {@link #tracingFailures()}.
 */
public final class TracedMethodInterceptor implements MethodInterceptor {

	private final Supplier<TraceService> trace;

	private final TracedMethodResolver resolver;

	private final LongAdder tracingFailures;

	/**
	 * Creates an interceptor recording into the given service.
	 * @param trace supplies the service, resolved on the first traced call
	 */
	public TracedMethodInterceptor(Supplier<TraceService> trace) {
		this(trace, new TracedMethodResolver(), new LongAdder());
	}

	private TracedMethodInterceptor(Supplier<TraceService> trace, TracedMethodResolver resolver,
			LongAdder tracingFailures) {
		this.trace = trace;
		this.resolver = resolver;
		this.tracingFailures = tracingFailures;
	}

	/**
	 * An interceptor for a bean called through an interface, such as a Spring Data
	 * repository, whose target class (the same for every repository) says nothing: spans
	 * are named after the interface, and a type-level {@code @Traced} on it covers every
	 * method called through it, inherited ones included. Failures count with this one's.
	 * @param facade the interface the bean is called through
	 * @return the interceptor
	 */
	TracedMethodInterceptor forInterface(Class<?> facade) {
		return new TracedMethodInterceptor(this.trace, new TracedMethodResolver(facade), this.tracingFailures);
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		// The target's own class: the resolver strips any proxy class once, when it computes.
		TracedMethod method = this.resolver.resolve(invocation.getMethod(), (target != null) ? target.getClass() : null);
		if (method == null) {
			return invocation.proceed();
		}
		if (method.returnKind() == TracedMethod.ReturnKind.PUBLISHER) {
			return ReactiveSpans.trace(this, method, invocation);
		}
		// Current while the method runs, so the calls it makes become children. The thread's
		// spans are looked up once, for the scope's opening and its closing on this thread.
		TraceEngine engine = engine();
		CurrentSpans.State thread = (engine != null) ? engine.thisThread() : null;
		long id = startScopedSpan(engine, thread, method.spanName(), method.attributes(invocation.getArguments()));
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			closeScope(engine, thread, id);
			endSpan(id, SpanOutcomes.error(ex));
			throw ex;
		}
		closeScope(engine, thread, id);
		if (method.returnKind() == TracedMethod.ReturnKind.STAGE && result != null) {
			// The caller gets the very same stage: completing, cancelling or obtruding it acts
			// as without tracing, and the span ends whenever and however it completes.
			try {
				((CompletionStage<?>) result).whenComplete((value, error) -> endSpan(id, outcome(method, value, error)));
			}
			catch (RuntimeException ex) {
				// A stage of the user's own that takes no callbacks: the span ends now.
				this.tracingFailures.increment();
				endSpan(id, null);
			}
			return result;
		}
		endSpan(id, method.captureResult() ? result : null);
		return result;
	}

	/**
	 * How many times tracing itself failed (a span that could not be started or ended) while
	 * the traced call went on unaffected. Spans evicted as abandoned are counted by the
	 * {@link TraceService} instead.
	 * @return the number of tracing failures
	 */
	public long tracingFailures() {
		return this.tracingFailures.sum();
	}

	TracedMethodResolver resolver() {
		return this.resolver;
	}

	/** Returns a span id, or 0 when the span could not be started. */
	long startSpan(String name, Object attributes) {
		try {
			return this.trace.get().start(name, attributes);
		}
		catch (RuntimeException ex) {
			this.tracingFailures.increment();
			return 0;
		}
	}

	/** The engine, or {@code null} when tracing is off or its service cannot be had (counted). */
	private @Nullable TraceEngine engine() {
		try {
			TraceService service = this.trace.get();
			return service.options().enabled() ? ApiAccess.engineOf(service) : null;
		}
		catch (RuntimeException ex) {
			this.tracingFailures.increment();
			return null;
		}
	}

	private long startScopedSpan(@Nullable TraceEngine engine, CurrentSpans.@Nullable State thread, String name,
			Object attributes) {
		if (engine == null || thread == null) {
			return 0;
		}
		try {
			return engine.startScoped(thread, name, attributes);
		}
		catch (RuntimeException ex) {
			this.tracingFailures.increment();
			return 0;
		}
	}

	private static void closeScope(@Nullable TraceEngine engine, CurrentSpans.@Nullable State thread, long id) {
		if (id != 0 && engine != null && thread != null) {
			engine.closeScope(thread, id);
		}
	}

	long startScopedSpan(String name, Object attributes) {
		TraceEngine engine = engine();
		return startScopedSpan(engine, (engine != null) ? engine.thisThread() : null, name, attributes);
	}

	TraceService traceService() {
		return this.trace.get();
	}

	void tracingFailed() {
		this.tracingFailures.increment();
	}

	void closeScope(long id) {
		TraceEngine engine = (id != 0) ? engine() : null;
		closeScope(engine, (engine != null) ? engine.thisThread() : null, id);
	}

	void endSpan(long id, Object result) {
		if (id == 0) {
			return;
		}
		try {
			this.trace.get().end(id, result);
		}
		catch (SpanNotFoundException ex) {
			// Evicted by max-active-spans: already counted as abandoned.
		}
		catch (RuntimeException ex) {
			this.tracingFailures.increment();
		}
	}

	private static Object outcome(TracedMethod method, Object value, Throwable error) {
		if (error != null) {
			Throwable cause = SpanOutcomes.unwrap(error);
			return (cause instanceof CancellationException) ? SpanOutcomes.CANCELLED : SpanOutcomes.error(cause);
		}
		return method.captureResult() ? value : null;
	}

}
