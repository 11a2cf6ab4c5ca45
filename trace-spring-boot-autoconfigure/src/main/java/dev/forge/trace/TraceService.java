package dev.forge.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process span tracer with the semantics of Forge's {@code runtime:trace}: spans are
 * started and ended by id, instants are recorded with a duration of zero, and
 * {@link #flush()} drains the finished records.
 * <p>
 * Safe for use by many threads at once. Ids are unsigned 64-bit values that start at 1,
 * are never 0 and wrap from 2<sup>64</sup>-1 to 1. For speed they are handed out in
 * blocks of 64 per stripe (threads map to stripes by thread id): ids handed to one
 * thread always increase, but ids from different threads interleave by block rather than
 * by start time, so ids are unique but not dense.
 * <p>
 * Memory is bounded: at most {@link TraceOptions#maxFinishedSpans()} records wait for a
 * flush (when full, the newest records are dropped and counted), and at most
 * {@link TraceOptions#maxActiveSpans()} spans are active (when full, the eldest is
 * evicted and counted as abandoned). Buffer space is handed to stripes in small chunks,
 * so with many threads dropping may begin a little before the total reaches the limit;
 * it never exceeds it.
 */
public class TraceService {

	/** The name under which statistics of span names past {@code max-stats-names} are kept. */
	public static final String OTHER_NAMES = "(other)";

	static final String NAME = "trace-spring-boot-starter";

	private static final String VERSION = ExtensionInfo.buildVersion();

	private final TraceOptions options;

	private final ValueCapture capture;

	private final IdBlocks ids = new IdBlocks();

	private final CapacityPool finishedPool;

	private final Stripe[] stripes;

	private final int stripeMask;

	private final ReentrantLock drainLock = new ReentrantLock();

	// Records moved out of the stripes but not yet handed out (a flush with a limit); guarded by drainLock.
	private final ArrayDeque<SpanRecord> drained = new ArrayDeque<>();

	private long flushed;

	/**
	 * Creates a service with {@link TraceOptions#defaults()}.
	 */
	public TraceService() {
		this(TraceOptions.defaults());
	}

	/**
	 * Creates a service with the given limits and masking rules.
	 * @param options the options
	 */
	public TraceService(TraceOptions options) {
		this.options = options;
		this.capture = new ValueCapture(options);
		int count = stripeCount(Runtime.getRuntime().availableProcessors());
		this.stripeMask = count - 1;
		CapacityPool activePool = new CapacityPool(options.maxActiveSpans(), count);
		this.finishedPool = new CapacityPool(options.maxFinishedSpans(), count);
		this.stripes = new Stripe[count];
		for (int i = 0; i < count; i++) {
			this.stripes[i] = new PaddedStripe(i, this.ids, activePool, this.finishedPool, options.maxStatsNames());
		}
	}

	// At most 64: IdBlocks keeps a stripe's index in the low bits of a 64-id block's start.
	static int stripeCount(int processors) {
		int wanted = Math.max(2, Math.min(64, processors * 4));
		return Integer.highestOneBit(wanted - 1) << 1;
	}

	/**
	 * Starts a span with no attributes.
	 * @param name the span name, not blank
	 * @return the span id, an unsigned 64-bit value, never 0
	 * @throws IllegalArgumentException if the name is null or blank
	 * @see #start(String, Object)
	 */
	public long start(String name) {
		return start(name, null);
	}

	/**
	 * Starts a span. The attributes are captured at once as an immutable JSON snapshot:
	 * changing the object afterwards changes nothing in the record. A value that cannot be
	 * serialized never makes this method throw; it is replaced by a marker and counted.
	 * @param name the span name, not blank; names longer than the limit are truncated
	 * @param attributes any JSON-serializable value, or {@code null}
	 * @return the span id, an unsigned 64-bit value, never 0
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	public long start(String name, Object attributes) {
		String spanName = checkName(name);
		Captured captured = this.capture.capture(attributes);
		int problems = Stripe.problemsOf(captured) | ((spanName != name) ? 1 : 0);
		return stripe().start(spanName, System.currentTimeMillis(), System.nanoTime(), captured.node(), problems,
				this.stripes);
	}

	/**
	 * Ends a span with no result.
	 * @param id the id returned by {@code start}
	 * @return the finished record
	 * @throws SpanNotFoundException if the id is unknown, already ended or was abandoned
	 */
	public SpanRecord end(long id) {
		return end(id, null);
	}

	/**
	 * Ends a span. The result is captured like the attributes of
	 * {@link #start(String, Object)}.
	 * @param id the id returned by {@code start}
	 * @param result any JSON-serializable value, or {@code null}
	 * @return the finished record
	 * @throws SpanNotFoundException if the id is unknown, already ended or was abandoned;
	 * nothing is changed then
	 */
	public SpanRecord end(long id, Object result) {
		long endNanos = System.nanoTime();
		Captured captured = this.capture.capture(result);
		int owner = this.ids.ownerOf(id);
		SpanRecord record = (owner >= 0) ? this.stripes[owner].end(id, endNanos, captured) : null;
		// The owner of a very old block is forgotten, so look everywhere else before giving up.
		for (int i = 0; record == null && i < this.stripes.length; i++) {
			if (i != owner) {
				record = this.stripes[i].end(id, endNanos, captured);
			}
		}
		if (record == null) {
			throw new SpanNotFoundException(id);
		}
		return record;
	}

	/**
	 * Records an instant event with no attributes.
	 * @param name the event name, not blank
	 * @return the record, with a duration of 0
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	public SpanRecord instant(String name) {
		return instant(name, null);
	}

	/**
	 * Records an instant event: it takes a new id, has a duration of 0 and is never active.
	 * @param name the event name, not blank
	 * @param attributes any JSON-serializable value, or {@code null}
	 * @return the record
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	public SpanRecord instant(String name, Object attributes) {
		String spanName = checkName(name);
		Captured captured = this.capture.capture(attributes);
		int problems = Stripe.problemsOf(captured) | ((spanName != name) ? 1 : 0);
		return stripe().instant(spanName, System.currentTimeMillis(), System.nanoTime(), captured, problems);
	}

	/**
	 * Returns every finished record not returned before and clears the buffer: each record
	 * is returned by exactly one call, also while other threads start, end and flush.
	 * @return the records, oldest first
	 */
	public List<SpanRecord> flush() {
		return flush(Integer.MAX_VALUE);
	}

	/**
	 * Returns at most {@code limit} of the oldest finished records and clears them from the
	 * buffer; the rest stay buffered for the next flush.
	 * @param limit the most records to return, at least 1
	 * @return the records, oldest first
	 * @throws IllegalArgumentException if {@code limit} is below 1
	 */
	public List<SpanRecord> flush(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		this.drainLock.lock();
		try {
			List<SpanRecord> result;
			if (this.drained.isEmpty() && limit == Integer.MAX_VALUE) {
				// The common case: everything, straight from the stripes.
				result = new ArrayList<>(Arrays.asList(StripeReads.drain(this.stripes)));
			}
			else {
				if (this.drained.size() < limit) {
					Collections.addAll(this.drained, StripeReads.drain(this.stripes));
				}
				int count = Math.min(limit, this.drained.size());
				result = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					result.add(this.drained.pollFirst());
				}
			}
			this.flushed += result.size();
			this.finishedPool.give(result.size());
			return result;
		}
		finally {
			this.drainLock.unlock();
		}
	}

	/**
	 * Metadata about this tracer.
	 * @return the name, the project version from build metadata, and the status
	 */
	public ExtensionInfo info() {
		return new ExtensionInfo(NAME, VERSION, "active");
	}

	/**
	 * The counters. Each stripe is read under its own lock while producers go on, so
	 * {@code flushed + dropped + buffered == finished} holds in every snapshot, while
	 * {@code active} may briefly count a span twice as it moves between stripes and
	 * {@code started == ended + abandoned + active} holds once no {@code start} is in
	 * progress.
	 * @return the counters
	 */
	public TraceStats stats() {
		long[] totals = new long[9];
		this.drainLock.lock();
		try {
			for (Stripe stripe : this.stripes) {
				stripe.addCounters(totals);
			}
			long buffered = totals[4] + this.drained.size();
			return new TraceStats(totals[0], totals[1], totals[2], totals[1] + totals[2], this.flushed, totals[3],
					buffered, totals[5], totals[6], totals[7], totals[8]);
		}
		finally {
			this.drainLock.unlock();
		}
	}

	/**
	 * The spans started and not yet ended, oldest first. Each stripe is copied under its
	 * lock, briefly; the list holds at most {@code max-active-spans} entries.
	 * @return a snapshot of the active spans with their age
	 */
	public List<ActiveSpanSnapshot> activeSpans() {
		return StripeReads.activeSpans(this.stripes);
	}

	/**
	 * Duration statistics per span name, kept when each span ends and not cleared by
	 * {@link #flush()}. At most {@link TraceOptions#maxStatsNames()} names are listed, the
	 * most frequent; the others are summed under {@link #OTHER_NAMES}, listed last.
	 * @return the statistics, most frequent name first
	 */
	public List<SpanNameStats> statsByName() {
		return StripeReads.statsByName(this.stripes, this.options.maxStatsNames());
	}

	/**
	 * The options this service was created with.
	 * @return the options
	 */
	public TraceOptions options() {
		return this.options;
	}

	/**
	 * For tests: the number of active spans with every stripe locked at once, in index
	 * order. No other path holds two stripe locks, so this cannot deadlock.
	 */
	int activeSnapshot() {
		return activeSnapshot(0);
	}

	private int activeSnapshot(int from) {
		if (from == this.stripes.length) {
			return 0;
		}
		synchronized (this.stripes[from]) {
			return this.stripes[from].activeCount() + activeSnapshot(from + 1);
		}
	}

	/** For tests: makes {@code id} the next id handed out. Not safe while spans start. */
	void setNextId(long id) {
		this.ids.setNextId(id);
	}

	private Stripe stripe() {
		// Thread ids of a pool are consecutive, so the low bits spread its threads over stripes.
		@SuppressWarnings("deprecation")
		long threadId = Thread.currentThread().getId();
		return this.stripes[(int) threadId & this.stripeMask];
	}

	private String checkName(String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("Span name must not be null or blank");
		}
		int max = this.options.maxNameLength();
		if (name.length() <= max) {
			return name;
		}
		int keep = max - 1;
		if (keep > 0 && Character.isHighSurrogate(name.charAt(keep - 1))) {
			keep--;
		}
		return name.substring(0, keep) + "\u2026";
	}

}
