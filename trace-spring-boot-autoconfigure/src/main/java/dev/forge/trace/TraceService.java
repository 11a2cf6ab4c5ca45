package dev.forge.trace;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

import dev.forge.trace.internal.HandingOverExecutorService;
import dev.forge.trace.internal.NameStatsViews;
import dev.forge.trace.internal.TraceEngine;
import org.jspecify.annotations.Nullable;

/**
 * In-process span tracer with the semantics of Forge's {@code runtime:trace}: spans are
 * started and ended by id, instants are recorded with a duration of zero, and
 * {@link #flush()} drains the finished records. Safe for use by many threads at once.
 * <p>
 * Ids are unsigned 64-bit values that start at 1, are never 0 and wrap from
 * 2<sup>64</sup>-1 to 1. They are handed out in blocks per thread, so ids are unique and
 * increase on each thread but are not dense across threads.
 * <p>
 * Memory is bounded: at most {@link TraceOptions#maxFinishedSpans()} records wait for a
 * drain (then the oldest unremarkable ones are evicted, or the newest dropped, and
 * counted) and at most {@link TraceOptions#maxActiveSpans()} spans are active (then the
 * eldest is evicted as abandoned, and counted).
 * <p>
 * A span's parent is the span <em>current</em> on the starting thread (see
 * {@link #openScope(String, Object)}), its root the outermost span of that chain.
 * <p>
 * A service built with {@link TraceOptions#enabled()} false records nothing and costs next
 * to nothing: {@code start} returns 0, {@code end} and {@code instant} return empty
 * records, {@code flush} and the views are empty.
 */
public class TraceService {

	// About 480 lines, not the 300 once aimed at: 40 public methods that users call (kept
	// source-compatible), each a line or two handing over to the engine, with its javadoc.

	/** The name under which statistics of span names past {@code max-stats-names} are kept. */
	public static final String OTHER_NAMES = NameStatsViews.OTHER_NAMES;

	static final String NAME = "trace-spring-boot-starter";

	private static final String VERSION = ExtensionInfo.buildVersion();

	private final TraceOptions options;

	private final boolean enabled;

	private final TraceEngine engine;

	/** Creates a service with {@link TraceOptions#defaults()}. */
	public TraceService() {
		this(TraceOptions.defaults());
	}

	/**
	 * Creates a service with the given limits and masking rules.
	 * @param options the options
	 */
	public TraceService(TraceOptions options) {
		this.options = options;
		this.enabled = options.enabled();
		this.engine = new TraceEngine(options);
	}

	/**
	 * Starts a span with no attributes, as {@link #start(String, Object)} does.
	 * @param name the span name, not blank
	 * @return the span id, never 0 (0 only when disabled)
	 */
	public long start(String name) {
		return start(name, null);
	}

	/**
	 * Starts a span, a child of the span current on this thread if there is one; it does
	 * not become current itself ({@link #openScope} does that). The attributes are captured
	 * at once as an immutable JSON snapshot; a value that cannot be serialized is replaced by
	 * a marker and counted, never thrown.
	 * @param name the span name, not blank; names longer than the limit are truncated
	 * @param attributes any JSON-serializable value, or {@code null}
	 * @return the span id, an unsigned 64-bit value, never 0 (0 only when disabled)
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	public long start(String name, Object attributes) {
		return this.enabled ? this.engine.start(name, attributes) : 0;
	}

	/**
	 * Starts a local root that continues a trace of another process (a request or message
	 * that came with a {@code traceparent}): its records carry the remote trace id and its
	 * exported parent is the remote span. It has no local parent and does not become current.
	 * @param name the span name, not blank
	 * @param attributes any JSON-serializable value, or {@code null}
	 * @param parent the remote span, or {@code null} to start a new trace
	 * @return the span id (0 when disabled)
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	public long startRemoteChild(String name, Object attributes, @Nullable RemoteParent parent) {
		return this.enabled ? this.engine.startRoot(name, attributes, parent) : 0;
	}

	/**
	 * Makes a local root, already started, continue a trace of another process, for
	 * instrumentation that learns the remote parent only after the root began.
	 * @param rootId the local root's id
	 * @param parent the remote span
	 */
	public void joinRemoteTrace(long rootId, RemoteParent parent) {
		if (this.enabled && rootId != 0) {
			this.engine.joinRemoteTrace(rootId, parent);
		}
	}

	/**
	 * Starts a span, a child of the current one, and makes it current on this thread until
	 * {@link #closeScope(long)} on the same thread; ending it is separate. The building block
	 * of {@link TraceScope}, {@code @Traced} and the observation bridge.
	 * @param name the span name, not blank
	 * @param attributes any JSON-serializable value, or {@code null}
	 * @return the span id (0 when disabled)
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	public long startScoped(String name, Object attributes) {
		return this.enabled ? this.engine.startScoped(name, attributes) : 0;
	}

	/**
	 * Makes a span started elsewhere current on this thread until {@link #closeScope(long)}.
	 * @param id the span id
	 * @param rootId the span's root id ({@link SpanRecord#rootId()}), or the id itself
	 */
	public void enterScope(long id, long rootId) {
		if (this.enabled && id != 0) {
			this.engine.enterScope(id, rootId);
		}
	}

	/**
	 * Ends the current scope of a span on this thread: the span current before it is current
	 * again. Does not end the span.
	 * @param id the span id given to {@link #startScoped} or {@link #enterScope}
	 */
	public void closeScope(long id) {
		if (this.enabled && id != 0) {
			this.engine.closeScope(id);
		}
	}

	/**
	 * How this tracer's spans and traces are named outside the process: span ids and
	 * 128-bit trace ids, keyed at random for each tracer so that instances never collide.
	 * @return the ids
	 */
	public TraceIds traceIds() {
		return this.engine.traceIds();
	}

	/** @return the exported trace id of the span current on this thread (32 hex digits), or {@code null} */
	public @Nullable String currentTraceId() {
		return this.enabled ? this.engine.currentTraceId() : null;
	}

	/**
	 * A W3C baggage field of the trace current on this thread: one of
	 * {@code trace.baggage.remote-fields}, received with the request or message the trace
	 * continues or set with {@link #setBaggage}.
	 * @param field the field's name
	 * @return its value, or {@code null} when unset, not a carried field, or no span is current
	 */
	public @Nullable String baggage(String field) {
		return this.enabled ? this.engine.baggage(field) : null;
	}

	/**
	 * Sets a W3C baggage field of the trace current on this thread: every span of the trace
	 * reads it, on any thread, while its root is open; outgoing calls and messages carry it
	 * in the {@code baggage} header; log lines show it if it is one of
	 * {@code trace.baggage.correlation-fields}. At most 1,024 characters of values per trace
	 * and 10,000 traces with baggage at once are kept: what does not fit is not, and counts
	 * in {@link TraceStats#valuesNotCaptured()}. Does nothing on a disabled tracer.
	 * @param field one of {@code trace.baggage.remote-fields}
	 * @param value the value, or {@code null} to remove the field
	 * @throws IllegalArgumentException if the field is not carried or the value is longer
	 * than 1,024 characters
	 * @throws IllegalStateException if no span is current on this thread
	 */
	public void setBaggage(String field, @Nullable String value) {
		if (this.enabled) {
			this.engine.setBaggage(Objects.requireNonNull(field, "field"), value);
		}
	}

	/**
	 * A W3C {@code traceparent} for the span current on this thread, to carry the trace by
	 * hand (see {@link TraceIds#traceparent(long, long)}).
	 * @return {@code 00-<trace id>-<span id>-<flags>}, or {@code null} when no span is current
	 */
	public @Nullable String currentTraceparent() {
		return this.enabled ? this.engine.currentTraceparent() : null;
	}

	/** @return the id of the span current on this thread, or 0 when none is */
	public long currentSpanId() {
		return this.enabled ? this.engine.currentSpanId() : 0;
	}

	/** @return the root id of the span current on this thread, or 0 when none is */
	public long currentRootId() {
		return this.enabled ? this.engine.currentRootId() : 0;
	}

	/**
	 * Opens a span that is current on this thread until the scope is closed, for
	 * try-with-resources; see {@link TraceScope}.
	 * @param name the span name, not blank
	 * @param attributes any JSON-serializable value, or {@code null}
	 * @return the open scope
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	public TraceScope openScope(String name, Object attributes) {
		return new TraceScope(this, startScoped(name, attributes));
	}

	/**
	 * Runs work in a span that is current while it runs and ends with no result, or with
	 * {@code {"error": ..., "exception": ...}} when the work throws; the very same exception
	 * is rethrown.
	 * @param <T> the type of the result
	 * @param <E> the type of exception the work may throw
	 * @param name the span name, not blank
	 * @param attributes any JSON-serializable value, or {@code null}
	 * @param work the work
	 * @return what the work returned
	 * @throws E what the work threw
	 */
	public <T, E extends Throwable> T inSpan(String name, Object attributes, SpanCallable<T, E> work) throws E {
		try (TraceScope scope = openScope(name, attributes)) {
			try {
				return work.call();
			}
			catch (Throwable ex) {
				scope.setError(ex);
				throw ex;
			}
		}
	}

	/**
	 * The task, to run on another thread as part of the span current here: while it runs,
	 * that span is current there (spans it starts are its children, log lines carry its
	 * ids), and afterwards the running thread's own spans are current again, also when the
	 * task throws. Spring's executors do this by themselves (see {@code trace.async.enabled});
	 * this is for executors Spring does not build.
	 * @param task the task
	 * @return the task to submit; the task itself when no span is current or when disabled
	 */
	public Runnable wrap(Runnable task) {
		return this.enabled ? this.engine.handOver(Objects.requireNonNull(task, "task")) : task;
	}

	/**
	 * The task, to run on another thread as part of the span current here; see {@link #wrap(Runnable)}.
	 * @param <V> the task's result
	 * @param task the task
	 * @return the task to submit; the task itself when no span is current or when disabled
	 */
	public <V> Callable<V> wrap(Callable<V> task) {
		return this.enabled ? this.engine.handOver(Objects.requireNonNull(task, "task")) : task;
	}

	/**
	 * An executor whose tasks run as part of the span current where each was submitted;
	 * see {@link #wrap(Runnable)}.
	 * @param executor the executor that runs the tasks
	 * @return the executor to submit to
	 */
	public Executor wrap(Executor executor) {
		Objects.requireNonNull(executor, "executor");
		return (command) -> executor.execute(wrap(command));
	}

	/**
	 * An executor service whose tasks run as part of the span current where each was
	 * submitted; see {@link #wrap(Runnable)}. Shutting it down shuts the delegate down.
	 * @param executor the executor service that runs the tasks
	 * @return the executor service to submit to
	 */
	public ExecutorService wrap(ExecutorService executor) {
		return new HandingOverExecutorService(this.engine, Objects.requireNonNull(executor, "executor"));
	}

	/**
	 * Ends a span with no result, as {@link #end(long, Object)} does.
	 * @param id the id returned by {@code start}
	 * @return the finished record
	 */
	public SpanRecord end(long id) {
		return end(id, null);
	}

	/**
	 * Ends a span. The result is captured as the attributes of {@link #start(String, Object)} are.
	 * @param id the id returned by {@code start}
	 * @param result any JSON-serializable value, or {@code null}
	 * @return the finished record
	 * @throws SpanNotFoundException if the id is unknown, already ended or was abandoned;
	 * nothing is changed then
	 */
	public SpanRecord end(long id, Object result) {
		return end(id, result, null, null, false, SpanKind.INTERNAL);
	}

	/**
	 * Ends a span, replacing the name and attributes it was started with: for
	 * instrumentation that learns them only at the end (a Micrometer observation).
	 * @param id the id returned by {@code start}
	 * @param name the span's name, not blank
	 * @param attributes the span's attributes, replacing those of the start; may be {@code null}
	 * @param result any JSON-serializable value, or {@code null}
	 * @return the finished record
	 * @throws IllegalArgumentException if the name is null or blank
	 * @throws SpanNotFoundException if the id is unknown, already ended or was abandoned
	 */
	public SpanRecord end(long id, String name, Object attributes, Object result) {
		return end(id, result, name, attributes, true, SpanKind.INTERNAL);
	}

	/**
	 * Ends a span as {@link #end(long, String, Object, Object)} does, with its role in a call
	 * between processes: for instrumentation of servers and clients.
	 * @param id the id returned by {@code start}
	 * @param name the span's name, not blank
	 * @param attributes the span's attributes, replacing those of the start; may be {@code null}
	 * @param result any JSON-serializable value, or {@code null}
	 * @param kind the span's kind ({@link SpanRecord#kind()})
	 * @return the finished record
	 */
	public SpanRecord end(long id, String name, Object attributes, Object result, SpanKind kind) {
		return end(id, result, name, attributes, true, Objects.requireNonNull(kind, "kind"));
	}

	private SpanRecord end(long id, Object result, String name, Object attributes, boolean late, SpanKind kind) {
		if (!this.enabled) {
			return new SpanRecord(id, "", 0, 0.0, 0, id, SpanRecord.NO_THREAD, null, null);
		}
		return this.engine.end(id, result, name, attributes, late, kind);
	}

	/**
	 * Records an instant event with no attributes, as {@link #instant(String, Object)} does.
	 * @param name the event name, not blank
	 * @return the record, with a duration of 0
	 */
	public SpanRecord instant(String name) {
		return instant(name, null);
	}

	/**
	 * Records an instant event: a new id, a duration of 0, never active; its parent is the
	 * span current on this thread.
	 * @param name the event name, not blank
	 * @param attributes any JSON-serializable value, or {@code null}
	 * @return the record
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	public SpanRecord instant(String name, Object attributes) {
		if (!this.enabled) {
			return new SpanRecord(0, "", 0, 0.0, 0, 0, SpanRecord.NO_THREAD, null, null);
		}
		return this.engine.instant(name, attributes);
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
	 * Returns at most {@code limit} of the oldest finished records and clears them; the rest
	 * stay buffered for the next flush.
	 * @param limit the most records to return, at least 1
	 * @return the records, oldest first
	 * @throws IllegalArgumentException if {@code limit} is below 1
	 */
	public List<SpanRecord> flush(int limit) {
		SpanBatch batch = take(limit);
		batch.commit();
		return batch.records();
	}

	/**
	 * Takes at most {@code limit} of the oldest finished records for a delivery that may
	 * fail: they stay counted as buffered until the batch is committed, and a batch given
	 * back is returned first by the next drain.
	 * @param limit the most records to take, at least 1
	 * @return the batch, to be committed or given back
	 * @throws IllegalArgumentException if {@code limit} is below 1
	 */
	public SpanBatch take(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		return new SpanBatch(this, this.enabled ? this.engine.take(limit) : List.of());
	}

	void settle(List<SpanRecord> records, boolean delivered) {
		this.engine.settle(records, delivered);
	}

	/**
	 * The most recently finished records, read without draining: a record stays readable
	 * here until {@link TraceOptions#recentSpans()} newer records have finished.
	 * @return at most {@code recentSpans} records, oldest first
	 */
	public List<SpanRecord> recent() {
		return this.enabled ? this.engine.recent() : List.of();
	}

	/**
	 * The kept traces: local traces whose root failed or was slow, copied whole when the root
	 * ended, within per-name quotas ({@code trace.keep.*}). Reading them drains nothing.
	 * @return the kept traces, newest first
	 */
	public List<KeptTrace> keptTraces() {
		return this.engine.keptTraces();
	}

	/**
	 * Internal roots that look like work which lost its parent (see {@link OrphanRoot}),
	 * per name and kind of thread, counted once the application is ready.
	 * @return the entries, most frequent first
	 */
	public List<OrphanRoot> orphanRoots() {
		return this.enabled ? this.engine.orphanRoots() : List.of();
	}

	/** @return the name, the project version from build metadata, and the status */
	public ExtensionInfo info() {
		return new ExtensionInfo(NAME, VERSION, this.enabled ? "active" : "disabled");
	}

	/**
	 * The counters, each stripe read under its own lock while producers go on:
	 * {@code flushed + dropped + buffered == finished} holds in every snapshot, and
	 * {@code started == ended + abandoned + active} once no {@code start} is in progress.
	 * @return the counters
	 */
	public TraceStats stats() {
		return this.engine.stats();
	}

	/** @return a snapshot of the spans started and not yet ended, oldest first, with their age */
	public List<ActiveSpanSnapshot> activeSpans() {
		return this.engine.activeSpans();
	}

	/**
	 * Duration statistics per span name, not cleared by {@link #flush()}: the
	 * {@link TraceOptions#maxStatsNames()} most frequent names, the others summed under
	 * {@link #OTHER_NAMES}, listed last.
	 * @return the statistics, most frequent name first
	 */
	public List<SpanNameStats> statsByName() {
		return this.engine.statsByName();
	}

	/** @return the options this service was created with */
	public TraceOptions options() {
		return this.options;
	}

	/** The engine behind this facade, for tests of its bounds and id wrapping. */
	TraceEngine engine() {
		return this.engine;
	}

}
