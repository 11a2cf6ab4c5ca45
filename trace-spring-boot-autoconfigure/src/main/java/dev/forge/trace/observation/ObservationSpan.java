package dev.forge.trace.observation;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The span of one observation, kept in the observation's context under this class as key.
 */
final class ObservationSpan {

	final long id;

	final long rootId;

	private static final AtomicIntegerFieldUpdater<ObservationSpan> ENDED = AtomicIntegerFieldUpdater
		.newUpdater(ObservationSpan.class, "ended");

	private volatile int ended;

	ObservationSpan(long id, long rootId) {
		this.id = id;
		this.rootId = rootId;
	}

	/** Marks the span ended; false when it already was, so a second stop ends nothing. */
	boolean markEnded() {
		return ENDED.compareAndSet(this, 0, 1);
	}

	boolean isEnded() {
		return this.ended != 0;
	}

}
