package dev.forge.trace;

/**
 * Base class of the errors {@link TraceService} reports to its caller.
 */
public class TraceException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception with the given message.
	 * @param message what went wrong
	 */
	public TraceException(String message) {
		super(message);
	}

}
