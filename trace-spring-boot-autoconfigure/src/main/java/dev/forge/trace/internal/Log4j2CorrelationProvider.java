package dev.forge.trace.internal;

import java.util.HashMap;
import java.util.Map;

import org.apache.logging.log4j.core.util.ContextDataProvider;

/**
 * Adds the current span's ids to each Log4j 2 event as {@code traceId} and
 * {@code spanId}: Log4j 2 asks its context data providers, registered as services, when it
 * makes an event, so {@code %X{traceId}}, Spring Boot's correlation pattern and JSON
 * layouts show them with nothing written when a span becomes current. Not for users;
 * public only for the service loader.
 */
public final class Log4j2CorrelationProvider implements ContextDataProvider {

	@Override
	public Map<String, String> supplyContextData() {
		String traceId = LogCorrelation.currentTraceId();
		if (traceId == null) {
			return Map.of();
		}
		if (!LogCorrelation.correlatesBaggage()) {
			return Map.of(LogCorrelation.TRACE_ID, traceId, LogCorrelation.SPAN_ID, LogCorrelation.currentSpanId());
		}
		Map<String, String> data = new HashMap<>(8);
		data.put(LogCorrelation.TRACE_ID, traceId);
		data.put(LogCorrelation.SPAN_ID, LogCorrelation.currentSpanId());
		LogCorrelation.currentBaggage(data);
		return data;
	}

}
