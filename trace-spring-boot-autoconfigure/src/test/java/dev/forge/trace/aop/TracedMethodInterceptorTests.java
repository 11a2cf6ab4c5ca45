package dev.forge.trace.aop;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import dev.forge.trace.internal.ApiAccess;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The interceptor on a proxy of its own, for what the auto-configuration never wires: a
 * tracer built disabled, and one that cannot be had.
 */
class TracedMethodInterceptorTests {

	@Test
	void aScopeOpensAndClosesAroundTheCallOnTheCallingThread() {
		TraceService trace = new TraceService();
		TracedMethodInterceptor interceptor = new TracedMethodInterceptor(() -> trace);
		Work work = proxy(new Work(trace::currentSpanId), interceptor);
		long outer = trace.openScope("outer", null).id();
		assertThat(work.currentSpanInside()).isNotEqualTo(outer).isNotZero();
		assertThat(trace.currentSpanId()).isEqualTo(outer);
		IllegalStateException failure = new IllegalStateException("thrown through");
		assertThat(catchThrowable(() -> work.fails(failure))).isSameAs(failure);
		assertThat(trace.currentSpanId()).isEqualTo(outer);
		trace.closeScope(outer);
		trace.end(outer);
		assertThat(trace.currentSpanId()).isZero();
		assertThat(trace.flush()).extracting(SpanRecord::name, SpanRecord::parentId)
			.containsExactly(tuple("Work.currentSpanInside", outer),
					tuple("Work.fails", outer),
					tuple("outer", 0L));
		assertThat(interceptor.tracingFailures()).isZero();
	}

	@Test
	void aDisabledTracerRecordsNothingAndTheCallGoesOn() {
		TraceService trace = new TraceService(TraceOptions.builder().enabled(false).build());
		TracedMethodInterceptor interceptor = new TracedMethodInterceptor(() -> trace);
		// The engine itself, which a disabled facade would hide: no span may start there either.
		Work work = proxy(new Work(() -> ApiAccess.engineOf(trace).currentSpanId()), interceptor);
		assertThat(work.currentSpanInside()).isZero();
		IllegalStateException failure = new IllegalStateException("thrown through");
		assertThat(catchThrowable(() -> work.fails(failure))).isSameAs(failure);
		assertThat(trace.flush()).isEmpty();
		assertThat(interceptor.tracingFailures()).isZero();
	}

	@Test
	void aTracerThatCannotBeHadIsCountedAndTheCallGoesOn() {
		TraceService trace = new TraceService();
		Supplier<TraceService> failing = () -> {
			throw new IllegalStateException("no tracer");
		};
		TracedMethodInterceptor interceptor = new TracedMethodInterceptor(failing);
		Work work = proxy(new Work(trace::currentSpanId), interceptor);
		assertThat(work.currentSpanInside()).isZero();
		IllegalStateException failure = new IllegalStateException("thrown through");
		assertThat(catchThrowable(() -> work.fails(failure))).isSameAs(failure);
		assertThat(interceptor.tracingFailures()).isEqualTo(2);
	}

	private static Work proxy(Work target, TracedMethodInterceptor interceptor) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.setProxyTargetClass(true);
		factory.addAdvisor(new TracedAnnotationAdvisor(interceptor, 0));
		return (Work) factory.getProxy();
	}

	static class Work {

		private final LongSupplier currentSpan;

		Work(LongSupplier currentSpan) {
			this.currentSpan = currentSpan;
		}

		@Traced
		public long currentSpanInside() {
			return this.currentSpan.getAsLong();
		}

		@Traced
		public void fails(RuntimeException ex) {
			throw ex;
		}

	}

}
