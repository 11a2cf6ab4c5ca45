package dev.forge.trace.capture;

/**
 * A value captured as compact JSON text, with what capturing it had to give up. Internal
 * to the tracer; the flags are counted only once the span the value belongs to is found.
 *
 * @param json the value as UTF-8 JSON text, or {@code null} when there was no value
 * @param truncated something was cut to respect the size or depth limits
 * @param failed some part could not be read and was replaced by a marker
 * @param error the value is an object with a top-level {@code error} field
 */
public record Captured(byte[] json, boolean truncated, boolean failed, boolean error) {

	/** No value. */
	public static final Captured NONE = new Captured(null, false, false, false);

	/**
	 * The counters this capture adds to: bit 0 truncated, bit 1 not captured.
	 * @return the problem bits
	 */
	public int problems() {
		return (this.truncated ? 1 : 0) | (this.failed ? 2 : 0);
	}

}
