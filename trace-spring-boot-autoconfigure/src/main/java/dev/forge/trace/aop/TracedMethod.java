package dev.forge.trace.aop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What tracing one method needs, computed once per method and target class.
 *
 * @param spanName the span name
 * @param captureResult whether the return value becomes the result
 * @param attributeKeys the attribute key of each parameter, {@code null} where the
 * parameter is not an attribute
 * @param returnKind how the method's result completes
 */
record TracedMethod(String spanName, boolean captureResult, String[] attributeKeys, ReturnKind returnKind) {

	/** How a traced method's result completes. */
	enum ReturnKind {

		/** When the method returns or throws. */
		DIRECT,

		/**
		 * When the returned {@code CompletionStage} completes; the stage itself is returned.
		 */
		STAGE,

		/**
		 * When the returned Reactor {@code Mono} or {@code Flux} terminates or is cancelled;
		 * the declared type admits {@code Mono} or {@code Flux}, so the caller can be given a
		 * wrapped one.
		 */
		PUBLISHER

	}

	/** The span's attributes for a call: a map of the annotated arguments, or null. */
	Map<String, Object> attributes(Object[] arguments) {
		Map<String, Object> attributes = null;
		for (int i = 0; i < this.attributeKeys.length && i < arguments.length; i++) {
			if (this.attributeKeys[i] != null) {
				if (attributes == null) {
					attributes = new LinkedHashMap<>();
				}
				attributes.put(this.attributeKeys[i], arguments[i]);
			}
		}
		return attributes;
	}

}
