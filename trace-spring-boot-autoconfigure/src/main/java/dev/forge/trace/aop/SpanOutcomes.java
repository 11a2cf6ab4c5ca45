package dev.forge.trace.aop;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.forge.trace.SpanErrors;

/**
 * The results recorded when a traced call fails or is cancelled.
 */
final class SpanOutcomes {

	static final Map<String, Object> CANCELLED = Map.of("cancelled", true);

	private SpanOutcomes() {
	}

	/** {@code {"error": message or class name, "exception": class name}}. */
	static Map<String, Object> error(Throwable ex) {
		return SpanErrors.of(ex);
	}

	/** The cause a future's wrapper exception stands for. */
	static Throwable unwrap(Throwable ex) {
		Throwable current = ex;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
