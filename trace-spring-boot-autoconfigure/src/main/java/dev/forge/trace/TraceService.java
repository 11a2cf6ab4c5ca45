package dev.forge.trace;

import java.util.List;
import java.util.Objects;

import dev.forge.trace.internal.NameStatsViews;
import dev.forge.trace.internal.TraceEngine;
import org.jspecify.annotations.Nullable;

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
 * <p>
 * Spans have structure: a span's parent is the span <em>current</em> on the starting
 * thread (see {@link #openScope(String, Object)}), its root is the outermost span of that
 * chain, and its record names the starting thread. Start times come from one monotonic
 * reading and a wall-clock anchor refreshed twice a second.
 * <p>
 * A service built with {@link TraceOptions#enabled()} false records nothing and costs next
 * to nothing: {@code start} returns 0, {@code end} returns an empty record with the given
 * id, {@code instant} an empty record with id 0, {@code flush} an empty list, and the
 * views are empty.
 */
public class TraceService {

	/** The name under which statistics of span names past {@code max-stats-names} are kept. */
	public static final String OTHER_NAMES = NameStatsViews.OTHER_NAMES;

	static final String NAME = "trace-spring-boot-starter";

	private static final String VERSION = ExtensionInfo.buildVersion();

	private final TraceOptions options;

	private final boolean enabled;

	private final TraceEngine engine;

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
		this.enabled = options.enabled();
		this.engine = new TraceEngine(options);
	}

	static int stripeCount(int processors) {
		return TraceEngine.stripeCount(processors);
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
	 * Starts a span, a child of the span current on this thread if there is one. It does
	 * not become current itself (use {@link #openScope} for that). The attributes are
	 * captured at once as an immutable JSON snapshot: changing the object afterwards changes
	 * nothing in the record. A value that cannot be serialized never makes this method
	 * throw; it is replaced by a marker and counted.
	 * @param name the span name, not blank; names longer than the limit are truncated
	 * @param attributes any JSON-serializable value, or {@code null}
	 * @return the span id, an unsigned 64-bit value, never 0 (0 only when disabled)
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	public long start(String name, Object attributes) {
		return this.enabled ? this.engine.start(name, attributes) : 0;
	}

	/**
	 * Starts a local root that continues a trace of another process: a request that came
	 * with a {@code traceparent}, or a message with one in its headers. Its records carry
	 * the remote trace id, and the root's exported parent is the remote span. Whatever span
	 * is current on this thread, the new one has no local parent; it does not become
	 * current.
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
	 * Makes a local root, already started, continue a trace of another process: for
	 * instrumentation that learns the remote parent only after the root began (beside
	 * Micrometer Tracing, whose span for the same request may start after this tracer's).
	 * Spans exported after this carry the remote trace id.
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
	 * {@link #closeScope(long)}: the building block of {@link TraceScope}, {@code @Traced}
	 * and the observation bridge. Close it on the same thread; ending it is separate.
	 * @param name the span name, not blank
	 * @param attributes any JSON-serializable value, or {@code null}
	 * @return the span id (0 when disabled)
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	public long startScoped(String name, Object attributes) {
		return this.enabled ? this.engine.startScoped(name, attributes) : 0;
	}

	/**
	 * Makes a span current on this thread, for instrumentation that resumes work of a span
	 * it started elsewhere; undo it with {@link #closeScope(long)}.
	 * @param id the span id
	 * @param rootId the span's root id ({@link SpanRecord#rootId()}), or the id itself
	 */
	public void enterScope(long id, long rootId) {
		if (this.enabled && id != 0) {
			this.engine.enterScope(id, rootId);
		}
	}

	/**
	 * Ends the current scope of a span on this thread, making the span that was current
	 * before it current again. Does not end the span.
	 * @param id the span id given to {@link #startScoped} or {@link #enterScope}
	 */
	public void closeScope(long id) {
		if (this.enabled && id != 0) {
			this.engine.closeScope(id);
		}
	}

	/**
	 * How this tracer's spans and traces are named outside the process: the span ids and
	 * 128-bit trace ids that exporters write and {@link SpanRecord#traceId()} and
	 * {@link SpanRecord#spanId()} give, keyed at random for each tracer so that traces of
	 * several instances, restarts and application contexts never collide.
	 * @return the ids
	 */
	public TraceIds traceIds() {
		return this.engine.traceIds();
	}

	/**
	 * The trace id of the span current on this thread, as exported.
	 * @return 32 lower-case hex digits, or {@code null} when no span is current
	 */
	public @Nullable String currentTraceId() {
		return this.enabled ? this.engine.currentTraceId() : null;
	}

	/**
	 * A W3C {@code traceparent} header value for the span current on this thread, for
	 * carrying the trace by hand (a message header), with the trace's sampling flag (see
	 * {@link TraceIds#traceparent(long, long)}).
	 * @return {@code 00-<trace id>-<span id>-<flags>}, or {@code null} when no span is current
	 */
	public @Nullable String currentTraceparent() {
		return this.enabled ? this.engine.currentTraceparent() : null;
	}

	/**
	 * The span current on this thread.
	 * @return its id, or 0 when none is
	 */
	public long currentSpanId() {
		return this.enabled ? this.engine.currentSpanId() : 0;
	}

	/**
	 * The root of the span current on this thread.
	 * @return the root's id, or 0 when no span is current
	 */
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
	 * Runs work in a span that is current while it runs. The span ends with no result when
	 * the work returns, and with {@code {"error": ..., "exception": ...}} when it throws;
	 * the very same exception is rethrown.
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
		return end(id, result, null, null, false, SpanKind.INTERNAL);
	}

	/**
	 * Ends a span, replacing the name and attributes it was started with: for
	 * instrumentation that learns them only at the end, such as a Micrometer observation,
	 * whose conventions name it when it stops.
	 * @param id the id returned by {@code start}
	 * @param name the span's name, not blank
	 * @param attributes the span's attributes, replacing those given at start; may be
	 * {@code null}
	 * @param result any JSON-serializable value, or {@code null}
	 * @return the finished record
	 * @throws IllegalArgumentException if the name is null or blank
	 * @throws SpanNotFoundException if the id is unknown, already ended or was abandoned
	 */
	public SpanRecord end(long id, String name, Object attributes, Object result) {
		return end(id, result, name, attributes, true, SpanKind.INTERNAL);
	}

	/**
	 * Ends a span as {@link #end(long, String, Object, Object)} does, recording its role in
	 * a call between processes: for instrumentation of servers and clients.
	 * @param id the id returned by {@code start}
	 * @param name the span's name, not blank
	 * @param attributes the span's attributes, replacing those given at start; may be
	 * {@code null}
	 * @param result any JSON-serializable value, or {@code null}
	 * @param kind the span's kind ({@link SpanRecord#kind()})
	 * @return the finished record
	 * @throws IllegalArgumentException if the name is null or blank
	 * @throws SpanNotFoundException if the id is unknown, already ended or was abandoned
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
	 * Its parent is the span current on this thread.
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
	 * Returns at most {@code limit} of the oldest finished records and clears them from the
	 * buffer; the rest stay buffered for the next flush.
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
	 * Takes at most {@code limit} of the oldest finished records out of the buffer for a
	 * delivery that may fail: they stay counted as buffered until the batch is committed,
	 * and a batch given back is returned first by the next drain. Each record is in at most
	 * one unsettled batch at a time.
	 * @param limit the most records to take, at least 1
	 * @return the batch, to be committed or given back
	 * @throws IllegalArgumentException if {@code limit} is below 1
	 */
	public SpanBatch take(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		if (!this.enabled) {
			return new SpanBatch(this, List.of());
		}
		return new SpanBatch(this, this.engine.take(limit));
	}

	void settle(List<SpanRecord> records, boolean delivered) {
		this.engine.settle(records, delivered);
	}

	/**
	 * The most recently finished records, read without draining: whether a drain took them
	 * already or not, a record stays readable here until {@link TraceOptions#recentSpans()}
	 * newer records have finished, and reading changes nothing for the next drain.
	 * @return at most {@code recentSpans} records, oldest first (newest last)
	 */
	public List<SpanRecord> recent() {
		return this.enabled ? this.engine.recent() : List.of();
	}

	/**
	 * The kept traces: local traces whose root failed or was slow, copied whole when the
	 * root ended so that they outlive the finished buffer, within per-name quotas
	 * ({@code trace.keep.*}). Reading them drains nothing.
	 * @return the kept traces, newest first
	 */
	public List<KeptTrace> keptTraces() {
		return this.engine.keptTraces();
	}

	/**
	 * Metadata about this tracer.
	 * @return the name, the project version from build metadata, and the status
	 */
	public ExtensionInfo info() {
		return new ExtensionInfo(NAME, VERSION, this.enabled ? "active" : "disabled");
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
		return this.engine.stats();
	}

	/**
	 * The spans started and not yet ended, oldest first. Each stripe is copied under its
	 * lock, briefly; the list holds at most {@code max-active-spans} entries.
	 * @return a snapshot of the active spans with their age
	 */
	public List<ActiveSpanSnapshot> activeSpans() {
		return this.engine.activeSpans();
	}

	/**
	 * Duration statistics per span name, kept when each span ends and not cleared by
	 * {@link #flush()}. At most {@link TraceOptions#maxStatsNames()} names are listed, the
	 * most frequent; the others are summed under {@link #OTHER_NAMES}, listed last.
	 * @return the statistics, most frequent name first
	 */
	public List<SpanNameStats> statsByName() {
		return this.engine.statsByName();
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
		return this.engine.activeSnapshot();
	}

	void setNextId(long id) {
		this.engine.setNextId(id);
	}

}
