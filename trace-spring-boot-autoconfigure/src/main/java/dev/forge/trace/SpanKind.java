package dev.forge.trace;

/**
 * The role of a span in a call between processes, as Zipkin and OpenTelemetry name it:
 * backends draw service maps from the server and client spans of a trace. Spans made by
 * hand and by {@code @Traced} are internal; the observation bridge makes a server request's
 * span a server span, an observed client call's a client span, a message sent a producer
 * span and a message received a consumer span.
 */
public enum SpanKind {

	/** Work inside the process. */
	INTERNAL,

	/** The handling of a request that came from another process. */
	SERVER,

	/** A call to another process, waiting for its answer. */
	CLIENT,

	/** A message handed to a broker for another process, not waiting for it to be handled. */
	PRODUCER,

	/** The handling of a message that came through a broker. */
	CONSUMER

}
