package dev.forge.trace.export;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

import dev.forge.trace.SpanRecord;

/**
 * Tail sampling for export, decided once per local trace when its root ends: a notable
 * trace (its root failed or was slow, or any of its spans failed) is exported whole; of
 * the others, a share ({@code probability}) is, at most {@code maxPerSecond} a second.
 * Spans that arrive before their root wait for it, at most {@code decisionWait} and at
 * most {@code maxPending} spans in all (past either, the trace is decided without its
 * root); a trace's decision is remembered for its late spans. Used by the one drainer
 * thread only.
 */
final class TailSampler {

	// Decisions remembered for late spans: a bounded number, as the oldest matter least.
	private static final int MAX_DECISIONS = 100_000;

	private final double probability;

	private final int maxPerSecond;

	private final long decisionWaitNanos;

	private final int maxPending;

	private final DoubleSupplier random;

	private final Map<Long, Pending> pending = new LinkedHashMap<>();

	private int pendingSpans;

	private final Map<Long, Boolean> decisions = new LinkedHashMap<>(16, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
			return size() > MAX_DECISIONS;
		}
	};

	private long second;

	private int exportedThisSecond;

	private long decidedWithoutRoot;

	TailSampler(double probability, int maxPerSecond, long decisionWaitNanos, int maxPending, DoubleSupplier random) {
		this.probability = probability;
		this.maxPerSecond = maxPerSecond;
		this.decisionWaitNanos = decisionWaitNanos;
		this.maxPending = maxPending;
		this.random = random;
	}

	/**
	 * Sorts a batch: returns the spans to export now; {@code skipped} receives the count
	 * of spans sampled out. Spans waiting for their root stay here.
	 */
	List<SpanRecord> sample(List<SpanRecord> batch, long nowNanos, long[] skipped) {
		List<SpanRecord> export = new ArrayList<>(batch.size());
		for (SpanRecord record : batch) {
			Boolean decided = this.decisions.get(record.rootId());
			if (decided != null) {
				route(record, decided || record.notable(), export, skipped);
				continue;
			}
			Pending trace = this.pending.computeIfAbsent(record.rootId(), (root) -> new Pending(nowNanos));
			trace.records.add(record);
			trace.notable |= record.notable();
			this.pendingSpans++;
			if (record.id() == record.rootId()) {
				settle(record.rootId(), this.pending.remove(record.rootId()), nowNanos, export, skipped);
			}
		}
		expire(nowNanos, export, skipped);
		return export;
	}

	/** Decides every waiting trace now, without its root: at shutdown. */
	List<SpanRecord> decideAll(long nowNanos, long[] skipped) {
		List<SpanRecord> export = new ArrayList<>();
		expire(nowNanos, export, skipped, true);
		return export;
	}

	int pendingSpans() {
		return this.pendingSpans;
	}

	long decidedWithoutRoot() {
		return this.decidedWithoutRoot;
	}

	private void expire(long nowNanos, List<SpanRecord> export, long[] skipped) {
		expire(nowNanos, export, skipped, false);
	}

	private void expire(long nowNanos, List<SpanRecord> export, long[] skipped, boolean all) {
		Iterator<Map.Entry<Long, Pending>> oldest = this.pending.entrySet().iterator();
		while (oldest.hasNext()) {
			Map.Entry<Long, Pending> entry = oldest.next();
			boolean overdue = all || nowNanos - entry.getValue().firstNanos >= this.decisionWaitNanos
					|| this.pendingSpans > this.maxPending;
			if (!overdue) {
				return; // waiting in arrival order: the rest are younger
			}
			oldest.remove();
			this.decidedWithoutRoot++;
			settle(entry.getKey(), entry.getValue(), nowNanos, export, skipped);
		}
	}

	private void settle(long rootId, Pending trace, long nowNanos, List<SpanRecord> export, long[] skipped) {
		this.pendingSpans -= trace.records.size();
		// A trace whose sampling was decided upstream never gets here: the drainer follows
		// that decision first (ExportDrainer.followUpstream).
		boolean keep = trace.notable || sampled(nowNanos);
		this.decisions.put(rootId, keep);
		for (SpanRecord record : trace.records) {
			route(record, keep || record.notable(), export, skipped);
		}
	}

	private boolean sampled(long nowNanos) {
		if (this.probability < 1.0 && this.random.getAsDouble() >= this.probability) {
			return false;
		}
		if (this.maxPerSecond > 0) {
			long second = nowNanos / 1_000_000_000L;
			if (second != this.second) {
				this.second = second;
				this.exportedThisSecond = 0;
			}
			if (this.exportedThisSecond >= this.maxPerSecond) {
				return false;
			}
			this.exportedThisSecond++;
		}
		return true;
	}

	private static void route(SpanRecord record, boolean keep, List<SpanRecord> export, long[] skipped) {
		if (keep) {
			export.add(record);
		}
		else {
			skipped[0]++;
		}
	}

	private static final class Pending {

		final long firstNanos;

		final List<SpanRecord> records = new ArrayList<>(4);

		boolean notable;

		Pending(long firstNanos) {
			this.firstNanos = firstNanos;
		}

	}

}
