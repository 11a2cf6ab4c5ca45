package dev.forge.trace.internal;

import java.util.List;
import java.util.concurrent.Callable;

import dev.forge.trace.ActiveSpanSnapshot;
import dev.forge.trace.KeptTrace;
import dev.forge.trace.OrphanRoot;
import dev.forge.trace.RemoteParent;
import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanNameStats;
import dev.forge.trace.SpanNotFoundException;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceIds;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceStats;
import dev.forge.trace.capture.Captured;
import dev.forge.trace.capture.ValueCapture;
import org.jspecify.annotations.Nullable;

/**
 * The tracer behind {@link dev.forge.trace.TraceService}: stripes of active spans and
 * finished records, ids, clock, current spans, drains, retention and kept traces. Not for
 * users: public only so that the API, in another package, can reach it; it may change in
 * any release. It assumes an enabled tracer (the facade answers for a disabled one) and
 * never calls back into the facade.
 * <p>
 * Longer than the engine's other classes (about 500 lines) because it is the one entry:
 * one short documented method per call of the facade (spans, scopes, hand-over, baggage,
 * orphan roots, reads), each choosing the stripe and the thread's state and handing over;
 * the work is in {@link Stripe}, {@link BaggageTable}, {@link OrphanRoots} and the classes
 * beside them.
 */
public final class TraceEngine {

	private final TraceOptions options;

	private final ValueCapture capture;

	private final TraceClock clock = new TraceClock();

	private final CurrentSpans current;

	private final IdBlocks ids = new IdBlocks();

	private final Stripe[] stripes;

	private final int stripeMask;

	private final Drains drains;

	private final KeptTraces kept;

	private final SlowRoots slowRoots;

	private final TraceIds traceIds;

	private final OrphanRoots orphans = new OrphanRoots();

	// Null when no baggage field is carried: nothing to look up or forget.
	private final @Nullable BaggageTable baggage;

	private final boolean logCorrelation;

	// Whether the MDC is written whenever a span becomes current, not when a line asks.
	private final boolean eagerMdc;

	/**
	 * Creates the engine.
	 * @param options the limits and rules
	 */
	public TraceEngine(TraceOptions options) {
		this.options = options;
		boolean enabled = options.enabled();
		// Remote parents are remembered for as many roots as records can hold them.
		this.traceIds = ApiAccess.get().traceIds(options.maxFinishedSpans() + options.maxActiveSpans());
		this.baggage = (enabled && !options.baggageFields().isEmpty()) ? new BaggageTable(options.baggageFields())
				: null;
		this.current = new CurrentSpans(options.maxNameLength(), this.traceIds,
				(this.baggage != null && !options.baggageCorrelationFields().isEmpty())
						? BaggageCorrelation.of(this.baggage, options.baggageCorrelationFields()) : null);
		this.logCorrelation = enabled && options.logCorrelation() && LogCorrelation.available();
		this.eagerMdc = this.logCorrelation && LogCorrelation.install();
		this.capture = new ValueCapture(options.maxValueLength(), options.maxValueDepth(),
				options.additionalMaskedKeys());
		int count = enabled ? stripeCount(Runtime.getRuntime().availableProcessors()) : 1;
		this.stripeMask = count - 1;
		CapacityPool activePool = new CapacityPool(options.maxActiveSpans(), count);
		CapacityPool finishedPool = new CapacityPool(options.maxFinishedSpans(), count);
		this.stripes = new Stripe[count];
		this.slowRoots = new SlowRoots(options.slowThreshold(), options.slowThresholds(),
				(options.keepMaxTraces() > 0) ? options.keepSlowestPerName() : 0, options.keepWindow().toNanos());
		this.drains = new Drains(this.stripes, finishedPool, enabled ? options.recentSpans() : 0);
		this.kept = new KeptTraces(options.keepErrorsPerName(), options.keepSlowestPerName(),
				options.keepWindow().toNanos(), options.keepMaxTraces(), options.keepMaxBytes());
		NotableRoots collector = new KeptTraceCollector(
				(options.keepMaxTraces() > 0) ? options.keepMaxSpansPerTrace() : 0, this.drains, this.kept);
		for (int i = 0; i < count; i++) {
			this.stripes[i] = new PaddedStripe(i, this.ids, activePool, finishedPool, options.maxStatsNames(),
					this.slowRoots, Math.max(1, options.maxFinishedSpans() / count), collector);
		}
	}

	/**
	 * How many stripes for so many processors: a power of two, at most 64 (IdBlocks keeps a
	 * stripe's index in the low bits of a 64-id block's start).
	 * @param processors the processors
	 * @return the stripes
	 */
	public static int stripeCount(int processors) {
		int wanted = Math.max(2, Math.min(64, processors * 4));
		return Integer.highestOneBit(wanted - 1) << 1;
	}

	/**
	 * Starts a span under the span current on this thread.
	 * @param name the name, not blank
	 * @param attributes the attributes, or {@code null}
	 * @return the id
	 */
	public long start(String name, @Nullable Object attributes) {
		CurrentSpans.State state = this.current.state();
		return start(name, attributes, state, state.currentId(), state.currentRoot());
	}

	private long start(String name, @Nullable Object attributes, CurrentSpans.State state, long parentId,
			long rootId) {
		String spanName = state.checkedName(name, this.options.maxNameLength());
		Captured captured = this.capture.capture(attributes);
		SpanThread thread = state.thread();
		int problems = captured.problems() | ((spanName != name || thread.cut()) ? 1 : 0);
		long nanos = System.nanoTime();
		return stripe(state).start(spanName, this.clock.epochNanos(nanos), nanos, captured.json(), problems, parentId,
				rootId, thread, this.stripes);
	}

	/**
	 * Starts a local root, continuing a remote trace when there is a parent.
	 * @param name the name, not blank
	 * @param attributes the attributes, or {@code null}
	 * @param parent the remote parent, or {@code null}
	 * @return the id
	 */
	public long startRoot(String name, @Nullable Object attributes, @Nullable RemoteParent parent) {
		long id = start(name, attributes, this.current.state(), 0, 0);
		if (parent != null) {
			ApiAccess.get().continueRemote(this.traceIds, id, parent);
		}
		return id;
	}

	/**
	 * Makes a local root continue a remote trace.
	 * @param rootId the root's id
	 * @param parent the remote parent
	 */
	public void joinRemoteTrace(long rootId, RemoteParent parent) {
		ApiAccess.get().continueRemote(this.traceIds, rootId, parent);
	}

	/**
	 * Starts a span and makes it current on this thread.
	 * @param name the name, not blank
	 * @param attributes the attributes, or {@code null}
	 * @return the id
	 */
	public long startScoped(String name, @Nullable Object attributes) {
		return startScoped(this.current.state(), name, attributes);
	}

	/**
	 * This thread's current spans, for an adapter that opens a scope and closes it on this
	 * same thread around one call ({@code @Traced}): handed back to
	 * {@link #startScoped(CurrentSpans.State, String, Object)} and
	 * {@link #closeScope(CurrentSpans.State, long)}, it spares the second thread-local lookup.
	 * @return this thread's state
	 */
	public CurrentSpans.State thisThread() {
		return this.current.state();
	}

	/**
	 * Starts a span and makes it current on the thread whose state is given.
	 * @param state {@link #thisThread()}, taken on this thread
	 * @param name the name, not blank
	 * @param attributes the attributes, or {@code null}
	 * @return the id
	 */
	public long startScoped(CurrentSpans.State state, String name, @Nullable Object attributes) {
		long id = start(name, attributes, state, state.currentId(), state.currentRoot());
		state.push(id, (state.currentId() != 0) ? state.currentRoot() : id);
		if (this.logCorrelation) {
			LogCorrelation.entered(state, this.eagerMdc);
		}
		return id;
	}

	/**
	 * Makes a span current on this thread.
	 * @param id the span's id, not 0
	 * @param rootId its root's id, or 0 for the span itself
	 */
	public void enterScope(long id, long rootId) {
		CurrentSpans.State state = this.current.state();
		state.push(id, (rootId != 0) ? rootId : id);
		if (this.logCorrelation) {
			LogCorrelation.entered(state, this.eagerMdc);
		}
	}

	/**
	 * Ends a span's scope on this thread.
	 * @param id the span's id, not 0
	 */
	public void closeScope(long id) {
		closeScope(this.current.state(), id);
	}

	/**
	 * Ends a span's scope on the thread whose state is given.
	 * @param state {@link #thisThread()}, taken on this thread
	 * @param id the span's id, not 0
	 */
	public void closeScope(CurrentSpans.State state, long id) {
		state.pop(id);
		if (this.logCorrelation) {
			LogCorrelation.left(state, this.eagerMdc);
		}
	}

	/**
	 * The task, to run with the span current on this thread as its current span.
	 * @param task the task
	 * @return the task handed over, or the task itself when no span is current
	 */
	public Runnable handOver(Runnable task) {
		CurrentSpans.State state = this.current.state();
		long id = state.currentId();
		return (id != 0) ? HandedOverTask.of(this, task, id, state.currentRoot()) : task;
	}

	/**
	 * The task, to run with the span current on this thread as its current span.
	 * @param <V> the task's result
	 * @param task the task
	 * @return the task handed over, or the task itself when no span is current
	 */
	public <V> Callable<V> handOver(Callable<V> task) {
		CurrentSpans.State state = this.current.state();
		long id = state.currentId();
		return (id != 0) ? HandedOverTask.of(this, task, id, state.currentRoot()) : task;
	}

	/** @return how many scopes are open on this thread */
	int scopeDepth() {
		return this.current.state().depth();
	}

	/**
	 * Closes the scopes opened on this thread above {@code depth}, newest first.
	 * @param depth the number of scopes to leave open
	 */
	void closeScopesAbove(int depth) {
		CurrentSpans.State state = this.current.state();
		while (state.depth() > depth) {
			state.pop(state.currentId());
			if (this.logCorrelation) {
				LogCorrelation.left(state, this.eagerMdc);
			}
		}
	}

	/** @return the ids */
	public TraceIds traceIds() {
		return this.traceIds;
	}

	/** @return the id of the span current on this thread, or 0 */
	public long currentSpanId() {
		return this.current.state().currentId();
	}

	/** @return the root id of the span current on this thread, or 0 */
	public long currentRootId() {
		return this.current.state().currentRoot();
	}

	/** @return the trace id of the span current on this thread, or {@code null} */
	public @Nullable String currentTraceId() {
		CurrentSpans.State state = this.current.state();
		return (state.currentId() != 0) ? this.traceIds.traceIdHex(state.currentRoot()) : null;
	}

	/** @return a {@code traceparent} for the span current on this thread, or {@code null} */
	public @Nullable String currentTraceparent() {
		CurrentSpans.State state = this.current.state();
		return (state.currentId() != 0) ? this.traceIds.traceparent(state.currentRoot(), state.currentId()) : null;
	}

	/**
	 * Ends a span.
	 * @param id the id
	 * @param result the result, or {@code null}
	 * @param name a name given at the end ({@code late}), or {@code null}
	 * @param attributes attributes given at the end ({@code late}), or {@code null}
	 * @param late whether the name and attributes given here replace those of the start
	 * @param kind the span's kind
	 * @return the record
	 * @throws SpanNotFoundException if the span is not active
	 */
	public SpanRecord end(long id, @Nullable Object result, @Nullable String name, @Nullable Object attributes,
			boolean late, SpanKind kind) {
		long endNanos = System.nanoTime();
		Captured captured = this.capture.capture(result);
		String lateName = late ? checkName(name) : null;
		Captured lateAttributes = late ? this.capture.capture(attributes) : null;
		int lateProblems = late ? (lateAttributes.problems() | ((lateName != name) ? 1 : 0)) : 0;
		int owner = this.ids.ownerOf(id);
		SpanRecord record = (owner >= 0)
				? this.stripes[owner].end(id, endNanos, captured, lateName, lateAttributes, lateProblems, kind,
						this.stripes) : null;
		// The owner of a very old block is forgotten, so look everywhere else before giving up.
		for (int i = 0; record == null && i < this.stripes.length; i++) {
			if (i != owner) {
				record = this.stripes[i].end(id, endNanos, captured, lateName, lateAttributes, lateProblems, kind,
						this.stripes);
			}
		}
		if (record == null) {
			throw new SpanNotFoundException(id);
		}
		if (record.parentId() == 0) {
			if (this.baggage != null) {
				this.baggage.rootEnded(id);
			}
			if (kind == SpanKind.INTERNAL) {
				this.orphans.ended(record, this.traceIds);
			}
		}
		return record;
	}

	/**
	 * A baggage field of the trace current on this thread.
	 * @param field the field's name
	 * @return its value, or {@code null} when unset, not carried, or no span is current
	 */
	public @Nullable String baggage(String field) {
		long root = this.current.state().currentRoot();
		int index = (this.baggage != null && root != 0) ? this.baggage.indexOf(field) : -1;
		return (index >= 0) ? this.baggage.value(root, index) : null;
	}

	/**
	 * Sets a baggage field of the trace current on this thread; see
	 * {@link dev.forge.trace.TraceService#setBaggage}.
	 * @param field the field, one of {@code trace.baggage.remote-fields}
	 * @param value the value, or {@code null} to remove it
	 */
	public void setBaggage(String field, @Nullable String value) {
		int index = BaggageTable.checkedIndex(this.baggage, field, value);
		CurrentSpans.State state = this.current.state();
		long root = state.currentRoot();
		if (root == 0) {
			throw new IllegalStateException("No span is current: baggage belongs to the current trace");
		}
		this.baggage.set(root, index, value);
		if (this.logCorrelation) {
			LogCorrelation.baggageChanged(state, this.eagerMdc);
		}
	}

	/**
	 * The baggage a local trace carries, for propagation.
	 * @param rootId the trace's root
	 * @return the values by position in {@code baggageFields()} ({@code null} where unset),
	 * never modified; {@code null} when it has none
	 */
	public String @Nullable [] baggageOf(long rootId) {
		return (this.baggage != null) ? this.baggage.values(rootId) : null;
	}

	/**
	 * Gives a new local root the baggage it came with.
	 * @param rootId the root
	 * @param values the values by position in {@code baggageFields()}
	 */
	public void putBaggage(long rootId, String[] values) {
		if (this.baggage != null) {
			this.baggage.putAll(rootId, values);
		}
	}

	/** @return the baggage fields carried, in order; empty for none */
	public List<String> baggageFields() {
		return (this.baggage != null) ? this.baggage.fields() : List.of();
	}

	/**
	 * Says that a local root is its own trace on purpose (a scheduled run, a listener), so
	 * that it is not counted among the {@linkplain #orphanRoots() orphan roots}.
	 * @param id the root's id
	 */
	public void expectRoot(long id) {
		this.orphans.expect(id);
	}

	/**
	 * From now on (the application is ready), internal roots are counted as orphans, but
	 * those on the thread that started the application.
	 * @param starter the thread that started the application
	 */
	public void countOrphanRoots(Thread starter) {
		this.orphans.startCounting(starter);
	}

	/**
	 * Internal roots with no remote parent that ended since counting started, per name and
	 * kind of thread, most frequent first.
	 * @return the entries
	 */
	public List<OrphanRoot> orphanRoots() {
		return this.orphans.snapshot();
	}

	/**
	 * Records an instant under the span current on this thread.
	 * @param name the name, not blank
	 * @param attributes the attributes, or {@code null}
	 * @return the record
	 */
	public SpanRecord instant(String name, @Nullable Object attributes) {
		String spanName = checkName(name);
		Captured captured = this.capture.capture(attributes);
		CurrentSpans.State state = this.current.state();
		SpanThread thread = state.thread();
		int problems = captured.problems() | ((spanName != name || thread.cut()) ? 1 : 0);
		long nanos = System.nanoTime();
		return stripe(state).instant(spanName, this.clock.epochNanos(nanos), nanos, captured.json(), problems,
				state.currentId(), state.currentRoot(), thread, this.stripes);
	}

	/**
	 * Takes finished records, oldest first, to be settled.
	 * @param limit the most records
	 * @return the records
	 */
	public List<SpanRecord> take(int limit) {
		return this.drains.take(limit);
	}

	/**
	 * Settles records taken: gone when delivered, given back otherwise.
	 * @param records the records
	 * @param delivered whether they were delivered
	 */
	public void settle(List<SpanRecord> records, boolean delivered) {
		this.drains.settle(records, delivered);
	}

	/** @return the recent window, oldest first */
	public List<SpanRecord> recent() {
		int capacity = this.options.recentSpans();
		return (capacity == 0) ? List.of() : this.drains.recent(capacity);
	}

	/** @return the kept traces, newest first */
	public List<KeptTrace> keptTraces() {
		return this.kept.traces();
	}

	/** @return the counters */
	public TraceStats stats() {
		// Baggage values that did not fit count as values not captured.
		return this.drains.stats((this.baggage != null) ? this.baggage.notKept() : 0);
	}

	/** @return the active spans, oldest first */
	public List<ActiveSpanSnapshot> activeSpans() {
		return StripeReads.activeSpans(this.stripes);
	}

	/** @return the statistics per name */
	public List<SpanNameStats> statsByName() {
		return StripeReads.statsByName(this.stripes, this.options.maxStatsNames(), this.slowRoots);
	}

	/**
	 * Active spans counted with every stripe held at once, for tests of the bound.
	 * @return the count
	 */
	public int activeSnapshot() {
		return activeSnapshot(0);
	}

	private int activeSnapshot(int from) {
		if (from == this.stripes.length) {
			return 0;
		}
		Stripe stripe = this.stripes[from];
		stripe.lock();
		try {
			return stripe.activeCountHeld() + activeSnapshot(from + 1);
		}
		finally {
			stripe.unlock();
		}
	}

	/**
	 * Sets the next id handed out, for tests of wrapping.
	 * @param id the id
	 */
	public void setNextId(long id) {
		this.ids.setNextId(id);
	}

	private Stripe stripe(CurrentSpans.State state) {
		// Threads take stripes in the order they first trace: two threads share one only
		// when there are more threads than stripes (thread ids leave gaps where the JVM's
		// own threads took some, and could put two threads of a pool on one stripe).
		return this.stripes[state.arrival() & this.stripeMask];
	}

	private String checkName(@Nullable String name) {
		return SpanNames.checked(name, this.options.maxNameLength());
	}

}
