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

}
