package dev.forge.trace.internal;

import java.util.Comparator;
import java.util.List;

import dev.forge.trace.SpanRecord;

/**
 * Copies each notable local trace, as the stripes marked its records, into the kept
 * traces, adding what a drain took from the stripes already.
 */
final class KeptTraceCollector implements NotableRoots {

	private static final Comparator<SpanRecord> BY_START = Comparator.comparingLong(SpanRecord::startEpochNanos)
		.thenComparingLong(SpanRecord::id);

	private final int recordsWanted;

	private final Drains drains;

	private final KeptTraces kept;

	KeptTraceCollector(int recordsWanted, Drains drains, KeptTraces kept) {
		this.recordsWanted = recordsWanted;
		this.drains = drains;
		this.kept = kept;
	}

	@Override
	public int recordsWanted() {
		return this.recordsWanted;
	}

	@Override
	public void ended(SpanRecord root, boolean failed, long startNanos, long endNanos, List<SpanRecord> records) {
		// A drain may have taken some of the trace's records already.
		this.drains.collectRecent(root.id(), startNanos, records, this.recordsWanted);
		if (!records.contains(root)) {
			records.add(root);
		}
		records.sort(BY_START);
		// A record drained while this ran may have been seen twice: once here, once there.
		for (int i = records.size() - 1; i > 0; i--) {
			if (records.get(i).id() == records.get(i - 1).id()) {
				records.remove(i);
			}
		}
		this.kept.offer(ApiAccess.get().keptTrace(root, failed, records, endNanos));
	}

}
