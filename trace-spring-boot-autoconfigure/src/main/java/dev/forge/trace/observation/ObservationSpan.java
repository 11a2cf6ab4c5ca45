package dev.forge.trace.observation;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The span of one observation, kept in the observation's context under this class as key.
 */
final class ObservationSpan {

	final long id;

	final long rootId;

	private final AtomicBoolean ended = new AtomicBoolean();

	ObservationSpan(long id, long rootId) {
		this.id = id;
		this.rootId = rootId;
	}

	/** Marks the span ended; false when it already was, so a second stop ends nothing. */
	boolean markEnded() {
		return this.ended.compareAndSet(false, true);
	}

	boolean isEnded() {
		return this.ended.get();
	}

}
