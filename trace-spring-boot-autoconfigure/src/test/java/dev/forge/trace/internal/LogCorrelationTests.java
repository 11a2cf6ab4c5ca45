package dev.forge.trace.internal;

import dev.forge.trace.TraceService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MDC written whenever a span becomes current, for an SLF4J backend that cannot ask for
 * the ids when it makes a line (neither Logback nor Log4j 2); and, lazily, the ids a line is given.
 */
class LogCorrelationTests {

	private final CurrentSpans spans = new CurrentSpans(100, new TraceService().traceIds(), null);

	@AfterEach
	void clear() {
		MDC.clear();
	}

	@Test
	void eagerlyTheMdcFollowsTheCurrentSpanAndIsRestoredAfterTheOutermost() {
		MDC.put("traceId", "upstream");
		CurrentSpans.State state = this.spans.state();
		state.push(7, 7);
		LogCorrelation.entered(state, true);
		String traceId = state.currentTraceIdHex();
		assertThat(MDC.get("traceId")).isEqualTo(traceId);
		assertThat(MDC.get("spanId")).isEqualTo(state.traceIds().spanIdHex(7));
		state.push(8, 7);
		LogCorrelation.entered(state, true);
		assertThat(MDC.get("spanId")).isEqualTo(state.traceIds().spanIdHex(8));
		state.pop(8);
		LogCorrelation.left(state, true);
		assertThat(MDC.get("spanId")).isEqualTo(state.traceIds().spanIdHex(7));
		state.pop(7);
		LogCorrelation.left(state, true);
		assertThat(MDC.get("traceId")).isEqualTo("upstream");
		assertThat(MDC.get("spanId")).isNull();
	}

	@Test
	void lazilyNothingIsWrittenUntilALineAsks() {
		CurrentSpans.State state = this.spans.state();
		state.push(9, 9);
		LogCorrelation.entered(state, false);
		assertThat(MDC.get("traceId")).isNull();
		// What Log4j 2's events are given.
		assertThat(LogCorrelation.currentTraceId()).isEqualTo(state.currentTraceIdHex());
		assertThat(LogCorrelation.currentSpanId()).isEqualTo(state.traceIds().spanIdHex(9));
		LogCorrelation.beforeLogging();
		assertThat(MDC.get("spanId")).isEqualTo(state.traceIds().spanIdHex(9));
		state.pop(9);
		LogCorrelation.left(state, false);
		assertThat(MDC.get("traceId")).isNull();
		assertThat(LogCorrelation.currentTraceId()).isNull();
	}

	@Test
	void twoTracersOnOneThreadShowTheInnerSpanWhicheverScopeClosesFirst() {
		CurrentSpans.State outer = this.spans.state();
		CurrentSpans.State inner = new CurrentSpans(100, new TraceService().traceIds(), null).state();
		outer.push(3, 3);
		LogCorrelation.entered(outer, false);
		inner.push(4, 4);
		LogCorrelation.entered(inner, false);
		assertThat(LogCorrelation.currentSpanId()).isEqualTo(inner.traceIds().spanIdHex(4));
		inner.pop(4);
		LogCorrelation.left(inner, false);
		assertThat(LogCorrelation.currentSpanId()).isEqualTo(outer.traceIds().spanIdHex(3));
		// Again, with the outer scope closed first: the inner span is still current.
		inner.push(5, 5);
		LogCorrelation.entered(inner, false);
		outer.pop(3);
		LogCorrelation.left(outer, false);
		assertThat(LogCorrelation.currentSpanId()).isEqualTo(inner.traceIds().spanIdHex(5));
		inner.pop(5);
		LogCorrelation.left(inner, false);
		assertThat(LogCorrelation.currentSpanId()).isNull();
		// The outer tracer, with no span current, is not put back.
		assertThat(LogCorrelation.correlated()).isSameAs(inner);
	}

	@Test
	void aTracerWhoseSpansEndedStaysCorrelatedWithoutIdsUntilAnotherTakesThePlace() {
		CurrentSpans.State first = this.spans.state();
		first.push(6, 6);
		LogCorrelation.entered(first, false);
		first.pop(6);
		LogCorrelation.left(first, false);
		assertThat(LogCorrelation.correlated()).isSameAs(first);
		assertThat(LogCorrelation.currentTraceId()).isNull();
		assertThat(LogCorrelation.currentSpanId()).isNull();
		LogCorrelation.beforeLogging();
		assertThat(MDC.get("traceId")).isNull();
		first.push(7, 7);
		LogCorrelation.entered(first, false);
		assertThat(LogCorrelation.currentSpanId()).isEqualTo(first.traceIds().spanIdHex(7));
		first.pop(7);
		LogCorrelation.left(first, false);
		CurrentSpans.State next = new CurrentSpans(100, new TraceService().traceIds(), null).state();
		next.push(8, 8);
		LogCorrelation.entered(next, false);
		assertThat(LogCorrelation.currentSpanId()).isEqualTo(next.traceIds().spanIdHex(8));
		next.pop(8);
		LogCorrelation.left(next, false);
		assertThat(LogCorrelation.correlated()).isSameAs(next);
		assertThat(LogCorrelation.currentSpanId()).isNull();
	}

}
