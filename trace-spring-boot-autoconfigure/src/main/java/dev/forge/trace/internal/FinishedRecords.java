package dev.forge.trace.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

import dev.forge.trace.SpanRecord;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Stripe} owns of the records finished on it and not yet drained: their
 * buffer, the slots it holds of {@code max-finished-spans}, its fair share of them, and
 * the records evicted or dropped for room. When full it evicts its own oldest
 * unremarkable record, or takes a slot from a stripe holding more than its share, one
 * stripe lock at a time. Part of the stripe's single object (see {@link OpenSpans}).
 */
abstract class FinishedRecords extends OpenSpans {

	private static final int MIN_SIZE_FOR_NOTABLE_SHARE = 8;

	private static final VarHandle LAST_FOREIGN_APPEND_NANOS;

	static {
		try {
			LAST_FOREIGN_APPEND_NANOS = MethodHandles.lookup()
				.findVarHandle(FinishedRecords.class, "lastForeignAppendNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final int index;

	private final CapacityPool finishedPool;

	// The records a stripe may hold before it makes room by evicting its own.
	private final int fairShare;

	private RecordBuffer buffer;

	private int bufferSlots;

	private long dropped;

	private long evicted;

	// When a record of a trace whose root started on another stripe was last added; read
	// without the lock by other stripes' notable roots (release and acquire: a plain store on
	// x86, where a volatile one would fence each span).
	private long lastForeignAppendNanos = System.nanoTime();

	FinishedRecords(int index, CapacityPool activePool, CapacityPool finishedPool, int fairShare) {
		super(activePool);
		this.index = index;
		this.finishedPool = finishedPool;
		this.fairShare = fairShare;
	}

	/**
	 * Buffers a record if there is room; when the finished buffer is full, evicts the oldest
	 * unremarkable record here, or the oldest notable one when notable records hold more
	 * than half of this stripe's. Returns {@code false} when there is nothing to evict here.
	 */
	final boolean append(SpanRecord record, long nanos, boolean notable, boolean fairShareFirst) {
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
		add(record, nanos, notable);
		return true;
	}

	/**
	 * After room was sought elsewhere: buffers the record in the slot handed over
	 * ({@code room}) or any other, evicting a notable one here as a last resort.
	 */
	final void appendOrDrop(SpanRecord record, long nanos, boolean notable, boolean room) {
		if (room) {
			this.bufferSlots++;
		}
		if (append(record, nanos, notable, false)) {
			return;
		}
		if (this.buffer != null && this.buffer.evictOldest(true)) {
			this.evicted++;
			add(record, nanos, notable);
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
	 * Called holding no lock.
	 */
	final boolean makeRoomElsewhere(FinishedRecords[] all) {
		boolean notableToo = bufferedCount() == 0;
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

	/** Marks a trace's records here notable ({@code mark}) and collects them, or only collects them. */
	final void visitTraceHere(long rootId, long sinceNanos, @Nullable List<SpanRecord> into, int max,
			boolean mark) {
		if (this.buffer != null) {
			this.buffer.visitTrace(rootId, sinceNanos, into, max, mark);
		}
	}

	/**
	 * The same, taking this stripe's lock: for another stripe's notable root. A stripe that
	 * added no record of another stripe's trace since the root started holds none of its
	 * trace and is passed over without its lock, so that a thread's notable roots do not
	 * wait on every other thread. A record of the trace added on another thread before its
	 * root ended (the usual case: the root waited for that work) is seen, since its addition
	 * happened before.
	 */
	final void visitTrace(long rootId, long sinceNanos, @Nullable List<SpanRecord> into, int max, boolean mark) {
		if ((long) LAST_FOREIGN_APPEND_NANOS.getAcquire(this) - sinceNanos < 0) {
			return;
		}
		lock();
		try {
			visitTraceHere(rootId, sinceNanos, into, max, mark);
		}
		finally {
			unlock();
		}
	}

	/** Moves every buffered record out, in the order they finished on this stripe; null if none. */
	final RecordBuffer drain() {
		lock();
		try {
			RecordBuffer drained = this.buffer;
			this.buffer = null;
			return drained;
		}
		finally {
			unlock();
		}
	}

	/** A copy of the buffered records, which stay buffered; null if none. */
	final RecordBuffer copyBuffer() {
		lock();
		try {
			return (this.buffer != null) ? this.buffer.copy() : null;
		}
		finally {
			unlock();
		}
	}

	/** Adds the dropped, buffered and evicted counts into {@code totals}, in {@code TraceStats} order. */
	final void addFinishedCounters(long[] totals) {
		totals[3] += this.dropped;
		totals[4] += (this.buffer != null) ? this.buffer.size() : 0;
		totals[9] += this.evicted;
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
	 * Whether to evict a notable record before the unremarkable ones: when notable records
	 * hold more than half of this stripe's records (and it holds a few), so that the newest
	 * traffic stays in view.
	 */
	private boolean notableFirst() {
		int size = this.buffer.size();
		return size >= MIN_SIZE_FOR_NOTABLE_SHARE && 2 * this.buffer.notableCount() > size;
	}

	@SuppressWarnings("NullAway")
	private void add(SpanRecord record, long nanos, boolean notable) {
		this.buffer.add(record, nanos, notable);
		// Only a child can belong to another stripe's root. Threads sharing the stripe may add
		// out of clock order: keep the latest.
		if (record.parentId() != 0 && !startedHere(record.rootId()) && nanos - this.lastForeignAppendNanos > 0) {
			LAST_FOREIGN_APPEND_NANOS.setRelease(this, nanos);
		}
	}

	/**
	 * Whether the local root {@code rootId} was started on this stripe; {@code false} when
	 * that is not known.
	 */
	abstract boolean startedHere(long rootId);

	private boolean giveRoom(boolean overShareOnly, boolean notableToo) {
		lock();
		try {
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
		finally {
			unlock();
		}
	}

	private int bufferedCount() {
		lock();
		try {
			return (this.buffer != null) ? this.buffer.size() : 0;
		}
		finally {
			unlock();
		}
	}

}
