package dev.forge.trace.internal;

/**
 * A span started and not yet ended, as its stripe holds it until the end makes its record.
 * One small object, made where the span starts: its fields are written into a fresh object
 * (no garbage-collector write barrier), and the stripe's long-lived table takes one
 * reference to it instead of a copy of each field (each reference stored into an old
 * object costs G1 a card check and a memory fence).
 *
 * @param name the name
 * @param startEpochNanos the start, nanoseconds since the epoch
 * @param startNanos the start, {@link System#nanoTime()}
 * @param parentId the parent's id, or 0 for a root
 * @param rootId the root's id; ignored for a root, whose root is itself ({@link #rootOf})
 * @param thread the thread that started it
 * @param attributes the attributes as JSON
 */
record OpenSpan(String name, long startEpochNanos, long startNanos, long parentId, long rootId, SpanThread thread,
		byte[] attributes) {

	/** The root's id of the span with this id. */
	long rootOf(long id) {
		return (this.parentId != 0) ? this.rootId : id;
	}

}
