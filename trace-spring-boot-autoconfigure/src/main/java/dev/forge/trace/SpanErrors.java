package dev.forge.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result every way into the tracer records for a failure, so that the {@code stats}
 * view counts it as an error: {@code {"error": message or class name, "exception": class name}}.
 */
public final class SpanErrors {

	private SpanErrors() {
	}

	/**
	 * The result recorded for a failure.
	 * @param error the failure
	 * @return a new map with {@code error} and {@code exception}
	 */
	public static Map<String, Object> of(Throwable error) {
		Map<String, Object> result = new LinkedHashMap<>(4);
		String message = error.getMessage();
		result.put("error", (message != null) ? message : error.getClass().getName());
		result.put("exception", error.getClass().getName());
		return result;
	}

}
