package dev.forge.trace.export;

import java.time.Duration;

/**
 * A failed export that says whether trying again may help and, when the destination said
 * so, how long to wait.
 */
public class ExportException extends RuntimeException {

	private final boolean retryable;

	private final Duration retryAfter;

	private final String cause;

	/**
	 * Creates an exception.
	 * @param cause a short cause for meters and logs, such as {@code http_503}
	 * @param message the message
	 * @param retryable whether trying again may help
	 * @param retryAfter how long the destination asked to wait, or {@code null}
	 */
	public ExportException(String cause, String message, boolean retryable, Duration retryAfter) {
		super(message);
		this.cause = cause;
		this.retryable = retryable;
		this.retryAfter = retryAfter;
	}

	/**
	 * A failure worth retrying.
	 * @param cause a short cause
	 * @param message the message
	 * @param retryAfter how long the destination asked to wait, or {@code null}
	 * @return the exception
	 */
	public static ExportException retryable(String cause, String message, Duration retryAfter) {
		return new ExportException(cause, message, true, retryAfter);
	}

	/**
	 * A failure not worth retrying, such as a 400.
	 * @param cause a short cause
	 * @param message the message
	 * @return the exception
	 */
	public static ExportException permanent(String cause, String message) {
		return new ExportException(cause, message, false, null);
	}

	/** @return whether trying again may help */
	public boolean isRetryable() {
		return this.retryable;
	}

	/** @return how long the destination asked to wait, or {@code null} */
	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	/** @return the short cause, such as {@code http_503} */
	public String getCauseName() {
		return this.cause;
	}

}
