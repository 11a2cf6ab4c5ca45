package dev.forge.trace.internal;

import java.util.Map;

import dev.forge.trace.TraceIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Shows the current span's exported ids in log lines as {@code traceId} and {@code spanId},
 * the names Micrometer Tracing uses, so that Spring Boot's correlation pattern and
 * structured logging show them.
 * <p>
 * The ids are paid for when a line is logged, not when a span becomes current: a span
 * that becomes current only marks its thread's state as the one to correlate. With
 * Logback, a turbo filter ({@link LogbackCorrelationFilter}) puts the ids into SLF4J's MDC
 * just before an enabled line is made, once per span; with Log4j 2, a context data
 * provider ({@link Log4j2CorrelationProvider}) adds them to each event. With another SLF4J
 * backend the MDC is written whenever a span becomes current. What the MDC held before the
 * outermost span is put back when it stops being current. The baggage fields named by
 * {@code trace.baggage.correlation-fields} go the same way, under their own names.
 */
final class LogCorrelation {

	static final String TRACE_ID = "traceId";

	static final String SPAN_ID = "spanId";

	// The thread's state whose current span log lines show, if any. Left in place when its
	// outermost span ends (two thread-local writes a span less): it then holds the state, a
	// few hundred bytes and its tracer's ids, until the thread ends or another tracer's
	// span on it takes the place.
	private static final ThreadLocal<CurrentSpans.State> CORRELATED = new ThreadLocal<>();

	// Set when Logback dropped the filter (a reset): the next outermost span installs it again.
	private static volatile boolean reinstall;

	private LogCorrelation() {
	}

	/**
	 * Installs what lets log lines ask for the ids, once per logging system.
	 * @return whether the MDC must be written eagerly, whenever a span becomes current
	 */
	static boolean install() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		String type = factory.getClass().getName();
		if (type.equals("org.apache.logging.slf4j.Log4jLoggerFactory")
				&& present("org.apache.logging.log4j.core.util.ContextDataProvider")) {
			// Log4j 2 asks Log4j2CorrelationProvider, registered as a service, for each event.
			return false;
		}
		if (type.equals("ch.qos.logback.classic.LoggerContext") && present("ch.qos.logback.classic.turbo.TurboFilter")) {
			LogbackCorrelationFilter.installIn(factory);
			return false;
		}
		return true;
	}

	private static boolean present(String className) {
		try {
			Class.forName(className, false, LogCorrelation.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	static boolean available() {
		return present("org.slf4j.MDC");
	}

	/** After a span became current on this thread. */
	static void entered(CurrentSpans.State state, boolean eager) {
		if (state.depth() == 1) {
			CurrentSpans.State before = CORRELATED.get();
			if (before != state) {
				// Another tracer's, whose span this one's nests in, is put back when this one's leaves.
				state.correlatedBefore = (before != null && before.depth() > 0) ? before : null;
				CORRELATED.set(state);
			}
			if (reinstall) {
				reinstall = false;
				install();
			}
		}
		if (eager) {
			write(state);
		}
	}

	/** After a span stopped being current on this thread. */
	static void left(CurrentSpans.State state, boolean eager) {
		if (state.depth() > 0) {
			if (eager) {
				write(state);
			}
			return;
		}
		// With nothing to put back, this state stays correlated with no span current: log
		// lines find no ids in it, and the thread's next outermost span sets nothing.
		CurrentSpans.State before = state.correlatedBefore;
		if (before != null) {
			state.correlatedBefore = null;
			if (before.depth() > 0) {
				CORRELATED.set(before);
			}
		}
		putBack(state);
	}

	/** Puts back what the MDC held before this thread's ids went in, if they did. */
	private static void putBack(CurrentSpans.State state) {
		if (state.mdcSpan != 0) {
			state.mdcSpan = 0;
			restore(TRACE_ID, state.savedTraceId);
			restore(SPAN_ID, state.savedSpanId);
			state.savedTraceId = null;
			state.savedSpanId = null;
			BaggageCorrelation baggage = state.baggage;
			if (baggage != null && state.savedBaggage != null) {
				for (int i = 0; i < baggage.names().length; i++) {
					restore(baggage.names()[i], state.savedBaggage[i]);
				}
				state.savedBaggage = null;
				state.mdcBaggage = null;
			}
		}
	}

	/** The current trace's baggage changed on this thread: the MDC follows when it is written eagerly. */
	static void baggageChanged(CurrentSpans.State state, boolean eager) {
		if (eager && state.depth() > 0) {
			write(state);
		}
	}

	static void filterDropped() {
		reinstall = true;
	}

	/** Before a line is logged on this thread: the MDC gets the current span's ids if it lacks them. */
	static void beforeLogging() {
		CurrentSpans.State state = CORRELATED.get();
		if (state != null && (state.mdcSpan != state.currentId() || baggageChanged(state))) {
			write(state);
		}
	}

	private static boolean baggageChanged(CurrentSpans.State state) {
		BaggageCorrelation baggage = state.baggage;
		return baggage != null && state.depth() > 0
				&& baggage.table().values(state.currentRoot()) != state.mdcBaggage;
	}

	/** @return the state log lines on this thread ask, which may have no span current; for tests */
	static CurrentSpans.@Nullable State correlated() {
		return CORRELATED.get();
	}

	/** @return whether log lines on this thread carry baggage fields */
	static boolean correlatesBaggage() {
		CurrentSpans.State state = CORRELATED.get();
		return state != null && state.baggage != null;
	}

	/**
	 * The correlated baggage fields of the current trace for a line logged on this thread.
	 * @param into where each field with a value is put, under its name
	 */
	static void currentBaggage(Map<String, String> into) {
		CurrentSpans.State state = CORRELATED.get();
		BaggageCorrelation baggage = (state != null && state.depth() > 0) ? state.baggage : null;
		String[] values = (baggage != null) ? baggage.table().values(state.currentRoot()) : null;
		if (values != null) {
			for (int i = 0; i < baggage.names().length; i++) {
				String value = values[baggage.indexes()[i]];
				if (value != null) {
					into.put(baggage.names()[i], value);
				}
			}
		}
	}

	/**
	 * The current span's ids for a line logged on this thread.
	 * @return the trace id, or {@code null} when no span is current
	 */
	static @Nullable String currentTraceId() {
		CurrentSpans.State state = CORRELATED.get();
		return (state != null && state.depth() > 0) ? state.currentTraceIdHex() : null;
	}

	/** @return the current span's id as exported, or {@code null} when none is current */
	static @Nullable String currentSpanId() {
		CurrentSpans.State state = CORRELATED.get();
		return (state != null && state.depth() > 0) ? state.traceIds().spanIdHex(state.currentId()) : null;
	}

	private static void write(CurrentSpans.State state) {
		long id = state.currentId();
		if (id == 0) {
			return;
		}
		BaggageCorrelation baggage = state.baggage;
		if (state.mdcSpan == 0) {
			state.savedTraceId = MDC.get(TRACE_ID);
			state.savedSpanId = MDC.get(SPAN_ID);
			if (baggage != null) {
				state.savedBaggage = new String[baggage.names().length];
				for (int i = 0; i < baggage.names().length; i++) {
					state.savedBaggage[i] = MDC.get(baggage.names()[i]);
				}
			}
		}
		TraceIds ids = state.traceIds();
		MDC.put(TRACE_ID, state.currentTraceIdHex());
		MDC.put(SPAN_ID, ids.spanIdHex(id));
		state.mdcSpan = id;
		if (baggage != null) {
			String[] values = baggage.table().values(state.currentRoot());
			for (int i = 0; i < baggage.names().length; i++) {
				String value = (values != null) ? values[baggage.indexes()[i]] : null;
				// A field the trace lacks shows what the MDC held before, not another trace's value.
				restore(baggage.names()[i], (value != null) ? value : state.savedBaggage[i]);
			}
			state.mdcBaggage = values;
		}
	}

	private static void restore(String key, @Nullable String value) {
		if (value != null) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
	}

}
