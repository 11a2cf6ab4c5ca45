package dev.forge.trace;

import java.util.ArrayDeque;

/**
 * Moves the records of every stripe into one queue, oldest first, by merging the stripes'
 * runs on their finish time. Each stripe is locked only for the swap of its buffer.
 */
final class StripeMerge {

	private StripeMerge() {
	}

	static void mergeInto(ArrayDeque<SpanRecord> target, Stripe[] stripes) {
		Stripe.Batch[] batches = new Stripe.Batch[stripes.length];
		for (int i = 0; i < stripes.length; i++) {
			batches[i] = stripes[i].drain();
		}
		int[] positions = new int[batches.length];
		while (true) {
			int oldest = -1;
			long oldestNanos = 0;
			for (int i = 0; i < batches.length; i++) {
				if (positions[i] < batches[i].size()) {
					long nanos = batches[i].finishNanos()[positions[i]];
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
			target.addLast(batches[oldest].records()[positions[oldest]++]);
		}
	}

}
