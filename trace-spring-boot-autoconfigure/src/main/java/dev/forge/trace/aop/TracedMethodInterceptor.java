package dev.forge.trace.aop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.forge.trace.SpanNotFoundException;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;


/**
 * Records a span around each call of a {@link Traced} method. Tracing never changes what
 * the caller sees: the method's own value and exception pass through unchanged, and a
 * failure of tracing itself is contained and counted in {@link #tracingFailures()}.
 */
public final class TracedMethodInterceptor implements MethodInterceptor {

	private final Supplier<TraceService> trace;

	private final TracedMethodResolver resolver = new TracedMethodResolver();

	private final LongAdder tracingFailures = new LongAdder();

	/**
	 * Creates an interceptor recording into the given service.
	 * @param trace supplies the service, resolved on the first traced call
	 */
	public TracedMethodInterceptor(Supplier<TraceService> trace) {
		this.trace = trace;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		// The target's own class: the resolver strips any proxy class once, when it computes.
		TracedMethod method = this.resolver.resolve(invocation.getMethod(), (target != null) ? target.getClass() : null);
		if (method == null) {
			return invocation.proceed();
		}
		if (method.returnKind() == TracedMethod.ReturnKind.MONO || method.returnKind() == TracedMethod.ReturnKind.FLUX) {
			return ReactiveSpans.trace(this, method, invocation);
		}
		long id = startSpan(method.spanName(), method.attributes(invocation.getArguments()));
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			endSpan(id, SpanOutcomes.error(ex));
			throw ex;
		}
		if (method.returnKind() == TracedMethod.ReturnKind.COMPLETABLE_FUTURE && result != null) {
			return endOnCompletion(id, method, (CompletionStage<?>) result);
		}
		if (method.returnKind() == TracedMethod.ReturnKind.COMPLETION_STAGE && result != null) {
			// A stage type of the user's own: keep it; the span still ends on completion.
			((CompletionStage<?>) result).whenComplete((value, error) -> endSpan(id, outcome(method, value, error)));
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

	/**
	 * Ends the span when the stage completes and hands the caller a future that completes
	 * only after that, with exactly the original value or exception; cancelling it cancels
	 * the original.
	 */
	private CompletableFuture<Object> endOnCompletion(long id, TracedMethod method, CompletionStage<?> stage) {
		CompletableFuture<Object> copy = new CompletableFuture<>();
		stage.whenComplete((value, error) -> {
			endSpan(id, outcome(method, value, error));
			if (error != null) {
				copy.completeExceptionally(error);
			}
			else {
				copy.complete(value);
			}
		});
		copy.whenComplete((value, error) -> {
			if (copy.isCancelled() && stage instanceof CompletableFuture<?> original) {
				original.cancel(false);
			}
		});
		return copy;
	}

	private static Object outcome(TracedMethod method, Object value, Throwable error) {
		if (error != null) {
			return SpanOutcomes.error(SpanOutcomes.unwrap(error));
		}
		return method.captureResult() ? value : null;
	}

}
