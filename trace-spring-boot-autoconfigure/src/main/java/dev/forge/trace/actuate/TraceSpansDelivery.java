package dev.forge.trace.actuate;

import dev.forge.trace.SpanBatch;

/**
 * How {@link TraceSpansEndpoint} hands a drained batch to the transport that writes it.
 * The default settles the batch at once; {@link ServletTraceSpansDelivery} settles it
 * only once the HTTP response has been written, and gives it back when writing failed.
 */
public interface TraceSpansDelivery {

	/** Settles every batch at once, as delivered. */
	TraceSpansDelivery IMMEDIATE = new TraceSpansDelivery() {
	};

	/**
	 * Whether the current request must not drain: an HTTP {@code HEAD}, whose body nobody
	 * reads.
	 * @return whether to answer without draining
	 */
	default boolean withoutDrain() {
		return false;
	}

	/**
	 * Takes responsibility for a batch about to be written: commit it once delivered, give
	 * it back otherwise.
	 * @param batch the drained batch
	 */
	default void deliver(SpanBatch batch) {
		batch.commit();
	}

}
