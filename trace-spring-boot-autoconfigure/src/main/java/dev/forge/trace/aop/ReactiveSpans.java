package dev.forge.trace.aop;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.aopalliance.intercept.MethodInvocation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spans for methods returning Reactor's {@code Mono} or {@code Flux}. Loaded only when
 * reactor-core is on the classpath. The span starts when the publisher is subscribed to
 * (each subscription is its own span) and ends exactly once, on complete, error or
 * cancel; the attributes are the arguments of the call.
 */
final class ReactiveSpans {

	private ReactiveSpans() {
	}

	static boolean isMono(Class<?> type) {
		return Mono.class.isAssignableFrom(type);
	}

	static boolean isFlux(Class<?> type) {
		return Flux.class.isAssignableFrom(type);
	}

	static Object trace(TracedMethodInterceptor interceptor, TracedMethod method, MethodInvocation invocation)
			throws Throwable {
		Map<String, Object> attributes = method.attributes(invocation.getArguments());
		Object publisher;
		try {
			publisher = invocation.proceed();
		}
		catch (Throwable ex) {
			// Failed before returning a publisher: a span of the call itself.
			interceptor.endSpan(interceptor.startSpan(method.spanName(), attributes), SpanOutcomes.error(ex));
			throw ex;
		}
		if (publisher instanceof Mono<?> mono) {
			return Mono.defer(() -> {
				OneEnd end = new OneEnd(interceptor, interceptor.startSpan(method.spanName(), attributes));
				return mono.doOnSuccess((value) -> end.end(method.captureResult() ? value : null))
					.doOnError((error) -> end.end(SpanOutcomes.error(error)))
					.doOnCancel(() -> end.end(SpanOutcomes.CANCELLED));
			});
		}
		if (publisher instanceof Flux<?> flux) {
			return Flux.defer(() -> {
				OneEnd end = new OneEnd(interceptor, interceptor.startSpan(method.spanName(), attributes));
				AtomicLong count = new AtomicLong();
				return flux.doOnNext((value) -> count.incrementAndGet())
					.doOnComplete(() -> end.end(method.captureResult() ? Map.of("count", count.get()) : null))
					.doOnError((error) -> end.end(SpanOutcomes.error(error)))
					.doOnCancel(() -> end.end(SpanOutcomes.CANCELLED));
			});
		}
		return publisher;
	}

	/** Ends a span once, whichever signal comes first. */
	private static final class OneEnd {

		private final TracedMethodInterceptor interceptor;

		private final long id;

		private final AtomicBoolean ended = new AtomicBoolean();

		OneEnd(TracedMethodInterceptor interceptor, long id) {
			this.interceptor = interceptor;
			this.id = id;
		}

		void end(Object result) {
			if (this.ended.compareAndSet(false, true)) {
				this.interceptor.endSpan(this.id, result);
			}
		}

	}

}
