package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.capture.Captured;

/**
 * One partition of a {@link TraceEngine}: an id block, the spans it started
 * ({@link OpenSpans}), the records finished on it ({@link FinishedRecords}) and their
 * names' statistics. Threads take stripes in the order they first trace, so threads
 * rarely share one and each lock is uncontended on the hot path. All state is guarded by
 * the stripe's lock ({@link StripeLock}). A little over 250 lines: what is left here is the
 * span's start and end under that lock, each with its slow path (room sought on other
 * stripes with the lock let go), which read best whole.
 */
class Stripe extends FinishedRecords {

	private final IdBlocks ids;

	private long nextId;

	private long idLimit;

	private int blockGeneration = -1;

	private long started;

	private long ended;

	private long instants;

	private long valuesTruncated;

	private long valuesNotCaptured;

	private final NameStatsTable nameStats;

	private final SlowRoots slowRoots;

	private final NotableRoots notableRoots;

	Stripe(int index, IdBlocks ids, CapacityPool activePool, CapacityPool finishedPool, int maxStatsNames,
			SlowRoots slowRoots, int fairShare, NotableRoots notableRoots) {
		super(index, activePool, finishedPool, fairShare);
		this.ids = ids;
		this.nameStats = new NameStatsTable.Padded(maxStatsNames);
		this.slowRoots = slowRoots;
		this.notableRoots = notableRoots;
	}

	/**
	 * Starts a span and returns its id. When {@code max-active-spans} is reached the eldest
	 * span of this stripe is evicted as abandoned; if this stripe has none, one is evicted
	 * from another stripe (never holding two stripe locks at once); if that fails too, the
	 * new span is abandoned at once.
	 */
	long start(String name, long startEpochNanos, long startNanos, byte[] attributes, int problems, long parentId,
			long rootId, SpanThread thread, Stripe[] all) {
		OpenSpan span = new OpenSpan(name, startEpochNanos, startNanos, parentId, rootId, thread, attributes);
		long id;
		lock();
		try {
			id = nextId();
			this.started++;
			countProblems(problems);
			if (open(id, span)) {
				return id;
			}
		}
		finally {
			unlock();
		}
		for (int i = 1; i < all.length; i++) {
			if (all[(this.index + i) % all.length].evictEldest()) {
				break;
			}
		}
		lock();
		try {
			if (!open(id, span)) {
				abandon();
			}
		}
		finally {
			unlock();
		}
		return id;
	}

	/** Records an instant event. */
	SpanRecord instant(String name, long epochNanos, long nanos, byte[] attributes, int problems, long parentId,
			long rootId, SpanThread thread, Stripe[] all) {
		SpanRecord record;
		lock();
		try {
			long id = nextId();
			countProblems(problems);
			record = ApiAccess.get().record(id, name, epochNanos, 0.0, parentId, (parentId != 0) ? rootId : id, thread,
					attributes, null, false, SpanKind.INTERNAL);
			if (append(record, nanos, false, true)) {
				this.instants++;
				return record;
			}
		}
		finally {
			unlock();
		}
		boolean room = makeRoomElsewhere(all);
		lock();
		try {
			appendOrDrop(record, nanos, false, room);
			this.instants++;
		}
		finally {
			unlock();
		}
		return record;
	}

	/**
	 * Ends a span started on this stripe; returns {@code null} if it is not active here. A
	 * failed span is notable; a local root that failed or was slow makes its whole trace
	 * notable, here and on the other stripes.
	 */
	SpanRecord end(long id, long endNanos, Captured result, String lateName, Captured lateAttributes,
			int lateProblems, SpanKind kind, Stripe[] all) {
		SpanRecord record;
		boolean notable;
		boolean notableRoot;
		// A root that was not slow but is among its name's slowest of the window: kept, not notable.
		boolean keptOnly;
		// Whether the store of kept traces is offered the trace.
		boolean collect;
		boolean appended;
		long rootStartNanos;
		// The notable trace's records, collected while they are marked, for the kept traces.
		List<SpanRecord> trace = null;
		int wanted = 0;
		lock();
		try {
			OpenSpan span = close(id);
			if (span == null) {
				return null;
			}
			countProblems(result.problems() | lateProblems);
			rootStartNanos = span.startNanos();
			long duration = endNanos - rootStartNanos;
			String name = (lateName != null) ? lateName : span.name();
			byte[] attributes = (lateAttributes != null) ? lateAttributes.json() : span.attributes();
			// Every root's duration counts among its name's recent roots, failed or not.
			boolean root = span.parentId() == 0;
			DurationStats stats = this.nameStats.record(name, duration, result.error(), root);
			notableRoot = root && (this.slowRoots.isSlow(name, duration, stats) || result.error());
			// Failed roots compete for the errors' places; the others for the slowest's.
			boolean slowest = root && !result.error() && this.slowRoots.amongSlowest(duration, endNanos, stats);
			keptOnly = slowest && !notableRoot;
			// A slow root that is not among its name's slowest cannot be kept: only marked.
			collect = (root && result.error()) || slowest;
			notable = result.error() || notableRoot;
			record = ApiAccess.get().record(id, name, span.startEpochNanos(), duration / 1e6, span.parentId(),
					span.rootOf(id), span.thread(), attributes, result.json(), notable, kind);
			appended = append(record, endNanos, notable, true);
			if (collect) {
				wanted = this.notableRoots.recordsWanted();
				trace = (wanted > 0) ? new ArrayList<>() : null;
			}
			if (appended) {
				this.ended++;
				if (!notableRoot && !keptOnly) {
					return record;
				}
				visitTraceHere(id, rootStartNanos, trace, wanted, notableRoot);
			}
		}
		finally {
			unlock();
		}
		if (!appended) {
			// Full, and nothing unremarkable here to evict: counted as ended once it is placed.
			boolean room = makeRoomElsewhere(all);
			lock();
			try {
				appendOrDrop(record, endNanos, notable, room);
				this.ended++;
				if (notableRoot || keptOnly) {
					visitTraceHere(id, rootStartNanos, trace, wanted, notableRoot);
				}
			}
			finally {
				unlock();
			}
		}
		if (notableRoot || trace != null) {
			for (Stripe stripe : all) {
				if (stripe != this) {
					stripe.visitTrace(id, rootStartNanos, trace, wanted, notableRoot);
				}
			}
			if (trace != null) {
				this.notableRoots.ended(record, result.error(), rootStartNanos, endNanos, trace);
			}
		}
		return record;
	}

	/** Adds this stripe's per-name statistics into {@code totals}; names past the limit into {@code other}. */
	void addStatsByName(Map<String, DurationStats> totals, DurationStats other) {
		lock();
		try {
			this.nameStats.addTo(totals, other);
		}
		finally {
			unlock();
		}
	}

	/** Adds this stripe's counters into {@code totals}, in {@code TraceStats} order. */
	void addCounters(long[] totals) {
		lock();
		try {
			totals[0] += this.started;
			totals[1] += this.ended;
			totals[2] += this.instants;
			totals[7] += this.valuesTruncated;
			totals[8] += this.valuesNotCaptured;
			addFinishedCounters(totals);
			addOpenCounters(totals);
		}
		finally {
			unlock();
		}
	}

	@Override
	boolean startedHere(long rootId) {
		// Ids come from the blocks of the stripe that started them.
		return this.ids.ownerOf(rootId) == this.index;
	}

	private void countProblems(int problems) {
		if ((problems & 1) != 0) {
			this.valuesTruncated++;
		}
		if ((problems & 2) != 0) {
			this.valuesNotCaptured++;
		}
	}

	private long nextId() {
		if (this.nextId == this.idLimit || this.blockGeneration != this.ids.generation()) {
			refill();
		}
		long id = this.nextId++;
		if (id == 0) {
			// 0 is never an id: after the wrap the first id is 1, in the same block.
			id = this.nextId++;
		}
		return id;
	}

	private void refill() {
		this.blockGeneration = this.ids.generation();
		long start = this.ids.reserve(this.index);
		this.nextId = this.ids.firstId(start);
		this.idLimit = start + IdBlocks.BLOCK_SIZE;
	}

}
