package dev.forge.trace.internal;

/**
 * A {@link Stripe} with padding after its fields; see {@link LeadingPadding}.
 */
final class PaddedStripe extends Stripe {

	long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

	PaddedStripe(int index, IdBlocks ids, CapacityPool activePool, CapacityPool finishedPool, int maxStatsNames,
			SlowRoots slowRoots, int fairShare, NotableRoots notableRoots) {
		super(index, ids, activePool, finishedPool, maxStatsNames, slowRoots, fairShare, notableRoots);
	}

}
