package dev.forge.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Moves the records of every stripe into one queue, oldest first, by merging the stripes'
 * runs on their finish time. Each stripe is locked only for the swap of its buffer.
 */
final class StripeMerge {

	private StripeMerge() {
	}

	/**
	 * Moves every stripe's records to the end of {@code target}, oldest first. Only
	 * stripes with records take part in the merge; a single one is copied as it is.
	 */
	static void mergeInto(Collection<SpanRecord> target, Stripe[] stripes) {
		List<RecordBuffer> batches = new ArrayList<>(stripes.length);
		for (Stripe stripe : stripes) {
			RecordBuffer batch = stripe.drain();
			if (batch != null && batch.size() > 0) {
				batches.add(batch);
			}
		}
		if (batches.size() == 1) {
			RecordBuffer only = batches.get(0);
			for (int i = 0; i < only.size(); i++) {
				target.add(only.record(i));
			}
			return;
		}
		int[] positions = new int[batches.size()];
		while (true) {
			int oldest = -1;
			long oldestNanos = 0;
			for (int i = 0; i < positions.length; i++) {
				RecordBuffer batch = batches.get(i);
				if (positions[i] < batch.size()) {
					long nanos = batch.finishNanos(positions[i]);
					// nanoTime may wrap, so compare differences rather than values.
					if (oldest < 0 || nanos - oldestNanos < 0) {
						oldest = i;
						oldestNanos = nanos;
					}
				}
			}
			if (oldest < 0) {
				return;
			}
			target.add(batches.get(oldest).record(positions[oldest]++));
		}
	}

}
