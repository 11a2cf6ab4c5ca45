package dev.forge.trace;

/**
 * Thrown by {@link TraceService#end(long, Object)} when the id is unknown, was already
 * ended, or belonged to a span evicted as abandoned. Nothing is changed when it is thrown.
 */
public class SpanNotFoundException extends TraceException {

	private static final long serialVersionUID = 1L;

	private final long spanId;

	/**
	 * Creates an exception for the given span id.
	 * @param spanId the id that was not found (an unsigned 64-bit value)
	 */
	public SpanNotFoundException(long spanId) {
		super("Span not found: " + Long.toUnsignedString(spanId)
				+ " (unknown id, already ended, or evicted as abandoned)");
		this.spanId = spanId;
	}

	/**
	 * The id that was not found.
	 * @return the span id, an unsigned 64-bit value
	 */
	public long spanId() {
		return this.spanId;
	}

}
