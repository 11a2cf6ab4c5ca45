package dev.forge.trace.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Puts the current span's ids into the MDC just before Logback makes an enabled line, so
 * that patterns, encoders and structured formats read them where they read any MDC value.
 * A turbo filter runs before Logback creates an event; this one never changes the
 * decision. Loaded only when Logback is SLF4J's backend.
 */
final class LogbackCorrelationFilter extends TurboFilter {

	static final String NAME = "trace-log-correlation";

	/**
	 * Adds the filter to a Logback context unless it has it. A filter of the same name left
	 * by another class loader (a restart) is replaced.
	 */
	static void installIn(Object factory) {
		LoggerContext context = (LoggerContext) factory;
		synchronized (context) {
			for (TurboFilter filter : context.getTurboFilterList()) {
				if (filter instanceof LogbackCorrelationFilter) {
					return;
				}
			}
			context.getTurboFilterList().removeIf((filter) -> NAME.equals(filter.getName()));
			LogbackCorrelationFilter filter = new LogbackCorrelationFilter();
			filter.setName(NAME);
			filter.setContext(context);
			filter.start();
			context.addTurboFilter(filter);
		}
	}

	/**
	 * A context reset stops and drops every turbo filter, and Spring Boot resets the context
	 * whenever an application initializes logging (a listener would not survive it: Boot
	 * stops the context first). The next span to become current puts it back.
	 */
	@Override
	public void stop() {
		super.stop();
		LogCorrelation.filterDropped();
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable t) {
		// Lines below the logger's level are not made: their ids would be paid for nothing.
		if (level != null && level.isGreaterOrEqual(logger.getEffectiveLevel())) {
			LogCorrelation.beforeLogging();
		}
		return FilterReply.NEUTRAL;
	}

}
