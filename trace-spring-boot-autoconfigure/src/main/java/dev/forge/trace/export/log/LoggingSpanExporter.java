package dev.forge.trace.export.log;

import java.util.List;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.export.SpanExporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Each span as one log event at INFO on the logger {@value #LOGGER}, its record in the
 * reference shape as the message, so Spring Boot's structured logging and the log
 * pipeline carry it.
 */
public final class LoggingSpanExporter implements SpanExporter {

	/** The logger the spans are logged on. */
	public static final String LOGGER = "dev.forge.trace.spans";

	private final Log log;

	/** Creates an exporter logging on {@value #LOGGER}. */
	public LoggingSpanExporter() {
		this(LogFactory.getLog(LOGGER));
	}

	LoggingSpanExporter(Log log) {
		this.log = log;
	}

	@Override
	public String name() {
		return "log";
	}

	@Override
	public void export(List<SpanRecord> spans) {
		if (this.log.isInfoEnabled()) {
			for (SpanRecord span : spans) {
				this.log.info(span.toString());
			}
		}
	}

}
