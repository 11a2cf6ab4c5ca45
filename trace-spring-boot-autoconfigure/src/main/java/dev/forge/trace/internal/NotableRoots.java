package dev.forge.trace.internal;

import java.util.List;

import dev.forge.trace.SpanRecord;

/**
 * Told when a local root ends that failed or is among its name's slowest of the keep
 * window: the traces the store of kept traces is offered.
 */
interface NotableRoots {

	/** How many records of a trace to collect for {@link #ended}; 0 for none. */
	int recordsWanted();

	/**
	 * A root whose trace may be kept ended (failed, or among its name's slowest);
	 * called holding no lock, only when records were wanted.
	 * @param records the trace's records collected on the stripes, newest first per stripe
	 */
	void ended(SpanRecord root, boolean failed, long startNanos, long endNanos, List<SpanRecord> records);

}
