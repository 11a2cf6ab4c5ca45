package dev.forge.trace.observation;

/**
 * A way of carrying trace context in headers, read from incoming requests and written on
 * outgoing calls ({@code trace.propagation.consume} and {@code .produce}).
 */
public enum PropagationFormat {

	/** W3C Trace Context: {@code traceparent} and {@code tracestate}. */
	W3C,

	/** B3 single header: {@code b3}. */
	B3,

	/** B3 multi headers: {@code X-B3-TraceId}, {@code X-B3-SpanId}, {@code X-B3-Sampled}. */
	B3_MULTI,

	/**
	 * No format, alone in its list: {@code trace.propagation.consume=none} reads no
	 * incoming context (an edge service that does not trust its callers'), and
	 * {@code produce=none} writes none. An empty value means the default instead.
	 */
	NONE

}
