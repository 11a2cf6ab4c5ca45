package dev.forge.trace;

import java.util.Map;

import dev.forge.trace.capture.Captured;

/**
 * One partition of a {@link TraceService}: an id block, the spans it started, and the
 * records finished on it. Threads map to stripes by thread id, so threads rarely share
 * one and each lock is uncontended on the hot path. All state is guarded by the stripe's
 * monitor. The table and the buffer are created by the first thread to use them, so they
 * come from that thread's allocation buffer rather than next to another stripe's.
 */
class Stripe extends LeadingPadding {

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

	private long abandoned;

	private long valuesTruncated;

	private long valuesNotCaptured;

	private final NameStatsTable nameStats;

	Stripe(int index, IdBlocks ids, CapacityPool activePool, CapacityPool finishedPool, int maxStatsNames) {
		this.index = index;
		this.ids = ids;
		this.activePool = activePool;
		this.finishedPool = finishedPool;
		this.nameStats = new NameStatsTable.Padded(maxStatsNames);
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
	synchronized SpanRecord instant(String name, long epochNanos, long nanos, byte[] attributes, int problems,
			long parentId, long rootId, SpanThread thread) {
		long id = nextId();
		this.instants++;
		countProblems(problems);
		SpanRecord record = new SpanRecord(id, name, epochNanos, 0.0, parentId, (parentId != 0) ? rootId : id, thread,
				attributes, null);
		append(record, nanos);
		return record;
	}

	/** Ends a span started on this stripe; returns {@code null} if it is not active here. */
	synchronized SpanRecord end(long id, long endNanos, Captured result, String lateName, Captured lateAttributes,
			int lateProblems) {
		ActiveTable table = this.active;
		if (table == null || !table.remove(id)) {
			return null;
		}
		releaseActiveSlot();
		this.ended++;
		countProblems(result.problems() | lateProblems);
		long duration = endNanos - table.removedStartNanos;
		String name = (lateName != null) ? lateName : table.removedName;
		byte[] attributes = (lateAttributes != null) ? lateAttributes.json() : table.removedAttributes;
		this.nameStats.record(name, duration, result.error());
		SpanRecord record = new SpanRecord(id, name, table.removedStartEpochNanos, duration / 1e6,
				table.removedParentId, table.removedRootId, table.removedThread, attributes, result.json());
		append(record, endNanos);
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

	private void append(SpanRecord record, long nanos) {
		if (this.bufferSlots == 0) {
			this.bufferSlots = this.finishedPool.takeChunk();
			if (this.bufferSlots == 0) {
				// Full: keep what is buffered, drop the newest.
				this.dropped++;
				return;
			}
		}
		this.bufferSlots--;
		if (this.buffer == null) {
			this.buffer = new RecordBuffer.Padded();
		}
		this.buffer.add(record, nanos);
	}

	private ActiveTable activeTable() {
		if (this.active == null) {
			this.active = new ActiveTable.Padded();
		}
		return this.active;
	}

}
