package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.capture.Captured;
import org.jspecify.annotations.Nullable;

/**
 * One partition of a {@link TraceEngine}: an id block, the spans it started, and the
 * records finished on it. Threads map to stripes by thread id, so threads rarely share
 * one and each lock is uncontended on the hot path. All state is guarded by the stripe's
 * monitor. The table and the buffer are created by the first thread to use them, so they
 * come from that thread's allocation buffer rather than next to another stripe's.
 */
class Stripe extends LeadingPadding {

	private static final int MIN_SIZE_FOR_NOTABLE_SHARE = 8;

	final int index;

	private final IdBlocks ids;

	private final CapacityPool activePool;

	private final CapacityPool finishedPool;

	private long nextId;

	private long idLimit;

	private int blockGeneration = -1;

	private ActiveTable active;

	private int activeSlots;

	private RecordBuffer buffer;

	private int bufferSlots;

	private long started;

	private long ended;

	private long instants;

	private long dropped;

	private long evicted;

	private long abandoned;

	private long valuesTruncated;

	private long valuesNotCaptured;

	private final NameStatsTable nameStats;

	private final SlowRoots slowRoots;

	// The records a stripe may hold before it makes room by evicting its own.
	private final int fairShare;

	private final NotableRoots notableRoots;

	Stripe(int index, IdBlocks ids, CapacityPool activePool, CapacityPool finishedPool, int maxStatsNames,
			SlowRoots slowRoots, int fairShare, NotableRoots notableRoots) {
		this.index = index;
		this.ids = ids;
		this.activePool = activePool;
		this.finishedPool = finishedPool;
		this.nameStats = new NameStatsTable.Padded(maxStatsNames);
		this.slowRoots = slowRoots;
		this.fairShare = fairShare;
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
		long id;
		long root;
		synchronized (this) {
			id = nextId();
			root = (parentId != 0) ? rootId : id;
			this.started++;
			countProblems(problems);
			if (reserveActiveSlot()) {
				activeTable().put(id, name, startEpochNanos, startNanos, parentId, root, thread, attributes);
				return id;
			}
		}
		for (int i = 1; i < all.length; i++) {
			if (all[(this.index + i) % all.length].evictEldest()) {
				break;
			}
		}
		synchronized (this) {
			if (reserveActiveSlot()) {
				activeTable().put(id, name, startEpochNanos, startNanos, parentId, root, thread, attributes);
			}
			else {
				this.abandoned++;
			}
		}
		return id;
	}

	synchronized int activeCount() {
		return (this.active != null) ? this.active.size() : 0;
	}

	/** Records an instant event. */
	SpanRecord instant(String name, long epochNanos, long nanos, byte[] attributes, int problems, long parentId,
			long rootId, SpanThread thread, Stripe[] all) {
		SpanRecord record;
		synchronized (this) {
			long id = nextId();
			countProblems(problems);
			record = ApiAccess.get().record(id, name, epochNanos, 0.0, parentId, (parentId != 0) ? rootId : id, thread,
					attributes, null, false, SpanKind.INTERNAL);
			if (append(record, nanos, false, true)) {
				this.instants++;
				return record;
			}
		}
		boolean room = makeRoomElsewhere(all, bufferedCount() == 0);
		synchronized (this) {
			appendOrDrop(record, nanos, false, room);
			this.instants++;
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
		boolean appended;
		long rootStartNanos;
		// The notable trace's records, collected while they are marked, for the kept traces.
		List<SpanRecord> trace = null;
		int wanted = 0;
		synchronized (this) {
			ActiveTable table = this.active;
			if (table == null || !table.remove(id)) {
				return null;
			}
			releaseActiveSlot();
			countProblems(result.problems() | lateProblems);
			rootStartNanos = table.removedStartNanos;
			long duration = endNanos - rootStartNanos;
			String name = (lateName != null) ? lateName : table.removedName;
			byte[] attributes = (lateAttributes != null) ? lateAttributes.json() : table.removedAttributes;
			DurationStats stats = this.nameStats.record(name, duration, result.error());
			// Every root's duration counts among its name's recent roots, failed or not.
			boolean root = table.removedParentId == 0;
			notableRoot = root && (this.slowRoots.isSlow(name, duration, stats) || result.error());
			// Failed roots compete for the errors' places; the others for the slowest's.
			keptOnly = root && !result.error() && this.slowRoots.amongSlowest(duration, endNanos, stats)
					&& !notableRoot;
			notable = result.error() || notableRoot;
			record = ApiAccess.get().record(id, name, table.removedStartEpochNanos, duration / 1e6, table.removedParentId,
					table.removedRootId, table.removedThread, attributes, result.json(), notable, kind);
			appended = append(record, endNanos, notable, true);
			if (notableRoot || keptOnly) {
				wanted = this.notableRoots.recordsWanted();
				trace = (wanted > 0) ? new ArrayList<>() : null;
			}
			if (appended) {
				this.ended++;
				if (!notableRoot && !keptOnly) {
					return record;
				}
				this.buffer.visitTrace(id, rootStartNanos, trace, wanted, notableRoot);
			}
		}
		if (!appended) {
			// Full, and nothing unremarkable here to evict: counted as ended once it is placed.
			boolean room = makeRoomElsewhere(all, bufferedCount() == 0);
			synchronized (this) {
				appendOrDrop(record, endNanos, notable, room);
				this.ended++;
				if ((notableRoot || keptOnly) && this.buffer != null) {
					this.buffer.visitTrace(id, rootStartNanos, trace, wanted, notableRoot);
				}
			}
		}
		if (notableRoot || (keptOnly && trace != null)) {
			for (Stripe stripe : all) {
				if (stripe != this) {
					stripe.visitTrace(id, rootStartNanos, trace, wanted, notableRoot);
				}
			}
			this.notableRoots.ended(record, result.error(), rootStartNanos, endNanos, trace);
		}
		return record;
	}

	/** Evicts the eldest active span as abandoned, for another stripe: its slot goes to the pool. */
	synchronized boolean evictEldest() {
		if (!evictEldestKeepingSlot()) {
			return false;
		}
		this.activePool.give(1);
		return true;
	}

	private boolean evictEldestKeepingSlot() {
		if (this.active == null || !this.active.removeEldest()) {
			return false;
		}
		this.abandoned++;
		return true;
	}

	/** Moves every buffered record out, in the order they finished on this stripe; null if none. */
	synchronized RecordBuffer drain() {
		RecordBuffer drained = this.buffer;
		this.buffer = null;
		return drained;
	}

	/** A copy of the buffered records, which stay buffered; null if none. */
	synchronized RecordBuffer copyBuffer() {
		return (this.buffer != null) ? this.buffer.copy() : null;
	}

	synchronized void forEachActive(ActiveTable.Visitor visitor) {
		if (this.active != null) {
			this.active.forEach(visitor);
		}
	}

	/** Adds this stripe's per-name statistics into {@code totals}; names past the limit into {@code other}. */
	synchronized void addStatsByName(Map<String, DurationStats> totals, DurationStats other) {
		this.nameStats.addTo(totals, other);
	}

	/** Adds this stripe's counters into {@code totals}, in {@link TraceStats} order. */
	synchronized void addCounters(long[] totals) {
		totals[0] += this.started;
		totals[1] += this.ended;
		totals[2] += this.instants;
		totals[3] += this.dropped;
		totals[4] += (this.buffer != null) ? this.buffer.size() : 0;
		totals[5] += (this.active != null) ? this.active.size() : 0;
		totals[6] += this.abandoned;
		totals[7] += this.valuesTruncated;
		totals[8] += this.valuesNotCaptured;
		totals[9] += this.evicted;
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

	private boolean reserveActiveSlot() {
		if (this.activeSlots == 0) {
			this.activeSlots = this.activePool.takeChunk();
		}
		if (this.activeSlots > 0) {
			this.activeSlots--;
			return true;
		}
		// The eldest's slot passes straight to the new span.
		return evictEldestKeepingSlot();
	}

	private void releaseActiveSlot() {
		this.activeSlots++;
		int chunk = this.activePool.chunk();
		if (this.activeSlots > 2 * chunk) {
			this.activePool.give(this.activeSlots - chunk);
			this.activeSlots = chunk;
		}
	}

	/**
	 * Buffers a record if there is room; when the finished buffer is full, evicts the oldest
	 * unremarkable record here, or the oldest notable one when notable records hold more
	 * than half of this stripe's. Returns {@code false} when there is nothing to evict here.
	 */
	private boolean append(SpanRecord record, long nanos, boolean notable, boolean fairShareFirst) {
		if (this.bufferSlots == 0) {
			this.bufferSlots = this.finishedPool.takeChunk();
		}
		if (this.bufferSlots > 0) {
			this.bufferSlots--;
		}
		else if (!evictHere(fairShareFirst)) {
			return false;
		}
		if (this.buffer == null) {
			this.buffer = new RecordBuffer.Padded();
		}
		this.buffer.add(record, nanos, notable);
		return true;
	}

	/**
	 * Evicts a record here to make room; the evicted record's slot passes straight to the
	 * new one. With {@code fairShareFirst}, a stripe holding less than its share of the
	 * buffer evicts nothing of its own (its records are the newest): the caller takes room
	 * from a stripe holding more.
	 */
	private boolean evictHere(boolean fairShareFirst) {
		RecordBuffer held = this.buffer;
		if (held == null || (fairShareFirst && held.size() < this.fairShare)) {
			return false;
		}
		if (held.evictOldest(notableFirst()) || held.evictOldest(false)) {
			this.evicted++;
			return true;
		}
		return false;
	}

	/**
	 * After room was sought elsewhere: buffers the record in the slot handed over
	 * ({@code room}) or any other, evicting a notable one here as a last resort.
	 */
	private void appendOrDrop(SpanRecord record, long nanos, boolean notable, boolean room) {
		if (room) {
			this.bufferSlots++;
		}
		if (append(record, nanos, notable, false)) {
			return;
		}
		if (this.buffer != null && this.buffer.evictOldest(true)) {
			this.evicted++;
			this.buffer.add(record, nanos, notable);
			return;
		}
		// Everything is drained and not yet settled, or taken by a racing stripe.
		this.dropped++;
	}

	/**
	 * Frees one finished slot on another stripe and hands it over, for a stripe that has
	 * nothing to evict: an unused reserved slot or the oldest unremarkable record first, a
	 * notable one only when {@code notableToo}. One stripe lock at a time. The slot passes
	 * straight to the caller rather than through the pool, where a racing stripe could take it.
	 */
	private boolean makeRoomElsewhere(Stripe[] all, boolean notableToo) {
		for (int pass = 0; pass < (notableToo ? 3 : 2); pass++) {
			for (int i = 1; i <= all.length; i++) {
				// First from stripes holding more than their share, then from any, notable last.
				if (all[(this.index + i) % all.length].giveRoom(pass == 0, pass == 2)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Whether to evict a notable record before the unremarkable ones: when notable records
	 * hold more than half of this stripe's records (and it holds a few), so that the newest
	 * traffic stays in view.
	 */
	private boolean notableFirst() {
		int size = this.buffer.size();
		return size >= MIN_SIZE_FOR_NOTABLE_SHARE && 2 * this.buffer.notableCount() > size;
	}

	private synchronized boolean giveRoom(boolean overShareOnly, boolean notableToo) {
		if (this.bufferSlots > 0) {
			this.bufferSlots--;
			return true;
		}
		if (this.buffer != null && (!overShareOnly || this.buffer.size() > this.fairShare)
				&& (this.buffer.evictOldest(false) || (notableToo && this.buffer.evictOldest(true)))) {
			this.evicted++;
			return true;
		}
		return false;
	}

	/**
	 * Told when a local root ends notable (failed, or slow), or among its name's slowest of
	 * the keep window: the traces the store of kept traces is offered.
	 */
	interface NotableRoots {

		/** How many records of a notable trace to collect for {@link #ended}; 0 for none. */
		int recordsWanted();

		/**
		 * A notable root ended; called holding no lock.
		 * @param records the trace's records marked on the stripes, newest first per stripe,
		 * or {@code null} when none were wanted
		 */
		void ended(SpanRecord root, boolean failed, long startNanos, long endNanos,
				@Nullable List<SpanRecord> records);

	}

	/** Marks a trace's records here notable ({@code mark}) and collects them, or only collects them. */
	private synchronized void visitTrace(long rootId, long sinceNanos, @Nullable List<SpanRecord> into, int max,
			boolean mark) {
		if (this.buffer != null) {
			this.buffer.visitTrace(rootId, sinceNanos, into, max, mark);
		}
	}

	private synchronized int bufferedCount() {
		return (this.buffer != null) ? this.buffer.size() : 0;
	}

	private ActiveTable activeTable() {
		if (this.active == null) {
			this.active = new ActiveTable.Padded();
		}
		return this.active;
	}

}
