package dev.forge.trace.internal;

import dev.forge.trace.TraceIds;
import org.slf4j.MDC;

/**
 * Puts the current span's exported ids into SLF4J's MDC as {@code traceId} and
 * {@code spanId}, the names Micrometer Tracing uses, so Spring Boot's correlation pattern
 * and structured logging show them; restores what the MDC held before the outermost span
 * when it stops being current. Loaded only when SLF4J is on the classpath.
 */
final class LogCorrelation {

	static final String TRACE_ID = "traceId";

	static final String SPAN_ID = "spanId";

	private LogCorrelation() {
	}

	static boolean available() {
		try {
			Class.forName("org.slf4j.MDC", false, LogCorrelation.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	/** After a span became current on this thread. */
	static void entered(CurrentSpans.State state, TraceIds ids) {
		if (state.depth() == 1) {
			state.saveCorrelation(MDC.get(TRACE_ID), MDC.get(SPAN_ID));
		}
		put(state, ids);
	}

	/** After a span stopped being current on this thread. */
	static void left(CurrentSpans.State state, TraceIds ids) {
		if (state.depth() > 0) {
			put(state, ids);
			return;
		}
		restore(TRACE_ID, state.savedTraceId());
		restore(SPAN_ID, state.savedSpanId());
		state.saveCorrelation(null, null);
	}

	private static void put(CurrentSpans.State state, TraceIds ids) {
		MDC.put(TRACE_ID, state.currentTraceIdHex(ids));
		MDC.put(SPAN_ID, ids.spanIdHex(state.currentId()));
	}

	private static void restore(String key, String value) {
		if (value != null) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
	}

}
