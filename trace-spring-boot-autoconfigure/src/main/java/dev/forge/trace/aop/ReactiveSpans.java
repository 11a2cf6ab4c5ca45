package dev.forge.trace.aop;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.aopalliance.intercept.MethodInvocation;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;

/**
 * Spans for methods returning Reactor's {@code Mono} or {@code Flux}. Loaded only when
 * reactor-core is on the classpath. The span starts when the publisher is subscribed to
 * (each subscription is its own span), is current on the subscribing thread while the
 * subscription is made, and ends exactly once, on complete, error or cancel; the
 * attributes are the arguments of the call. When no span is current on the subscribing
 * thread, the parent is the span of the observation in the subscriber's Reactor context
 * (WebFlux's request), if any.
 */
final class ReactiveSpans {

	private ReactiveSpans() {
	}

	/**
	 * Whether a method declared to return this type may be handed a wrapping {@code Mono} or
	 * {@code Flux}: {@code Mono}, {@code Flux} and the publisher types they implement, but
	 * not a subtype such as {@code ConnectableFlux}, which a wrapper is not an instance of.
	 */
	static boolean admitsWrapping(Class<?> type) {
		return Publisher.class.isAssignableFrom(type)
				&& (type.isAssignableFrom(Mono.class) || type.isAssignableFrom(Flux.class));
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
		Class<?> declared = invocation.getMethod().getReturnType();
		if (publisher instanceof Mono<?> mono && declared.isAssignableFrom(Mono.class)) {
			return new MonoOperator<Object, Object>(mono) {

				@Override
				public void subscribe(CoreSubscriber<? super Object> actual) {
					long parent = ReactorContextParent.enter(interceptor, actual.currentContext());
					OneEnd end = new OneEnd(interceptor, interceptor.startScopedSpan(method.spanName(), attributes));
					try {
						// Current while subscribing, so publishers subscribed to meanwhile become children.
						this.source.doOnSuccess((value) -> end.end(method.captureResult() ? value : null))
							.doOnError((error) -> end.end(SpanOutcomes.error(error)))
							.doOnCancel(() -> end.end(SpanOutcomes.CANCELLED))
							.subscribe(actual);
					}
					finally {
						interceptor.closeScope(end.id);
						interceptor.closeScope(parent);
					}
				}

			};
		}
		if (publisher instanceof Flux<?> flux && declared.isAssignableFrom(Flux.class)) {
			return new FluxOperator<Object, Object>(flux) {

				@Override
				public void subscribe(CoreSubscriber<? super Object> actual) {
					long parent = ReactorContextParent.enter(interceptor, actual.currentContext());
					OneEnd end = new OneEnd(interceptor, interceptor.startScopedSpan(method.spanName(), attributes));
					AtomicLong count = new AtomicLong();
					try {
						this.source.doOnNext((value) -> count.incrementAndGet())
							.doOnComplete(() -> end.end(method.captureResult() ? Map.of("count", count.get()) : null))
							.doOnError((error) -> end.end(SpanOutcomes.error(error)))
							.doOnCancel(() -> end.end(SpanOutcomes.CANCELLED))
							.subscribe(actual);
					}
					finally {
						interceptor.closeScope(end.id);
						interceptor.closeScope(parent);
					}
				}

			};
		}
		// Another publisher behind a Publisher-typed method: returned as it is, with a span of the call.
		interceptor.endSpan(interceptor.startSpan(method.spanName(), attributes), null);
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
