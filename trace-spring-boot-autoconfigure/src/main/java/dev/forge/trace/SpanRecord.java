package dev.forge.trace;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.forge.trace.capture.ValueCapture;
import dev.forge.trace.internal.ApiAccess;
import dev.forge.trace.internal.SpanThread;
import dev.forge.trace.internal.TraceEngine;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A finished span, or an instant event with a duration of zero.
 * <p>
 * As JSON it has exactly the reference shape, and nothing else:
 * {@code {"id":1,"name":"fetchUser","started_at":1764000000000,"duration_ms":12.53,
 * "attributes":{...},"result":{...}}}, with {@code attributes} and {@code result} left out
 * when absent and {@code id} written as an unsigned decimal number. The structure of the
 * span (its parent, its trace's root, its thread, its precise start) is available through
 * the accessors, the Chrome trace format and the exporters.
 * <p>
 * {@code attributes} and {@code result} are snapshots taken when the span started and
 * ended, kept as compact JSON text; the accessors build a new tree on each call, so a
 * caller cannot change a buffered record.
 */
@JsonSerialize(using = SpanRecordSerializer.class)
public final class SpanRecord {

	private final long id;

	private final String name;

	private final long startEpochNanos;

	private final double durationMs;

	private final long parentId;

	private final long rootId;

	private final SpanThread thread;

	private final byte[] attributes;

	private final byte[] result;

	// These two fit the record's alignment padding: no byte more per record.
	private final boolean notable;

	private final byte kind;

	private static final SpanKind[] KINDS = SpanKind.values();

	/**
	 * Creates a record with no parent, started on no known thread, as the reference shape
	 * describes it.
	 * @param id the span id, an unsigned 64-bit value, never 0
	 * @param name the span name
	 * @param startedAt wall-clock start in milliseconds since the UNIX epoch
	 * @param durationMs elapsed time in milliseconds (0 for instants)
	 * @param attributes the attributes, or {@code null}
	 * @param result the result, or {@code null}
	 */
	/** The thread of a record made from JSON, or by a disabled tracer. */
	static final SpanThread NO_THREAD = new SpanThread("", 0, false, TraceIds.NONE);

	static {
		// The engine makes records and kept traces through this, not through wider access.
		ApiAccess.install(new ApiAccess() {

			@Override
			public SpanRecord record(long id, String name, long startEpochNanos, double durationMs, long parentId,
					long rootId, SpanThread thread, byte[] attributes, byte[] result, boolean notable, SpanKind kind) {
				return new SpanRecord(id, name, startEpochNanos, durationMs, parentId, rootId, thread, attributes,
						result, notable, kind);
			}

			@Override
			public TraceEngine engine(TraceService service) {
				return service.engine();
			}

			@Override
			public KeptTrace keptTrace(SpanRecord root, boolean failed, List<SpanRecord> records, long endNanos) {
				return new KeptTrace(root, failed, records, endNanos);
			}

			@Override
			public long bytes(KeptTrace trace) {
				return trace.bytes();
			}

			@Override
			public long endNanos(KeptTrace trace) {
				return trace.endNanos();
			}

			@Override
			public TraceIds traceIds(int maxRemoteRoots) {
				return TraceIds.random(maxRemoteRoots);
			}

			@Override
			public void continueRemote(TraceIds ids, long rootId, RemoteParent parent) {
				ids.continueRemote(rootId, parent);
			}

		});
	}

	@JsonCreator
	public SpanRecord(@JsonProperty("id") long id, @JsonProperty("name") String name,
			@JsonProperty("started_at") long startedAt, @JsonProperty("duration_ms") double durationMs,
			@JsonProperty("attributes") JsonNode attributes, @JsonProperty("result") JsonNode result) {
		this(id, name, startedAt * 1_000_000L, durationMs, 0, id, NO_THREAD, ValueCapture.toJson(attributes),
				ValueCapture.toJson(result));
	}

	SpanRecord(long id, String name, long startEpochNanos, double durationMs, long parentId, long rootId,
			SpanThread thread, byte[] attributes, byte[] result) {
		this(id, name, startEpochNanos, durationMs, parentId, rootId, thread, attributes, result, false,
				SpanKind.INTERNAL);
	}

	SpanRecord(long id, String name, long startEpochNanos, double durationMs, long parentId, long rootId,
			SpanThread thread, byte[] attributes, byte[] result, boolean notable, SpanKind kind) {
		this.id = id;
		this.name = name;
		this.startEpochNanos = startEpochNanos;
		this.durationMs = durationMs;
		this.parentId = parentId;
		this.rootId = rootId;
		this.thread = thread;
		this.attributes = attributes;
		this.result = result;
		this.notable = notable;
		this.kind = (byte) kind.ordinal();
	}

	/**
	 * The trace id as exported and propagated: 128 bits, as 32 lower-case hex digits (see
	 * {@link TraceIds}). The drained JSON keeps the reference shape and does not carry it.
	 * @return the trace id
	 */
	public String traceId() {
		return this.thread.ids().traceIdHex(this.rootId);
	}

	/**
	 * The span id as exported and propagated: 16 lower-case hex digits, never all zero.
	 * @return the span id
	 */
	public String spanId() {
		return this.thread.ids().spanIdHex(this.id);
	}

	/**
	 * The parent's span id as exported and propagated: for a root that continues a remote
	 * trace, the remote span's.
	 * @return 16 lower-case hex digits, or {@code null} for a root of a trace begun here
	 */
	public @Nullable String parentSpanId() {
		if (this.parentId != 0) {
			return this.thread.ids().spanIdHex(this.parentId);
		}
		RemoteParent remote = this.thread.ids().remoteParent(this.id);
		return (remote != null) ? TraceIds.hex(remote.spanId()) : null;
	}

	/**
	 * Whether the span was notable when it ended: it failed, or it is a local root that
	 * failed or was slow, which makes its whole local trace notable (kept longest, and
	 * always exported under tail sampling).
	 * @return whether the span was notable
	 */
	public boolean notable() {
		return this.notable;
	}

	/**
	 * The span's role in a call between processes: {@link SpanKind#SERVER} for a request's
	 * span, {@link SpanKind#CLIENT} for an outgoing call's, {@link SpanKind#PRODUCER} and
	 * {@link SpanKind#CONSUMER} for a message sent and received (from the observation
	 * bridge), else {@link SpanKind#INTERNAL}. Exported to Zipkin and OTLP; not in the drained JSON.
	 * @return the kind
	 */
	public SpanKind kind() {
		return KINDS[this.kind];
	}

	/** @return the span id, an unsigned 64-bit value, never 0 */
	public long id() {
		return this.id;
	}

	/** @return the span name */
	public String name() {
		return this.name;
	}

	/** @return the wall-clock start in milliseconds since the UNIX epoch */
	public long startedAt() {
		return Math.floorDiv(this.startEpochNanos, 1_000_000L);
	}

	/**
	 * The start in nanoseconds since the UNIX epoch, precise to the clock's resolution:
	 * {@code startEpochNanos() / 1_000_000 == startedAt()}.
	 * @return the start in epoch nanoseconds
	 */
	public long startEpochNanos() {
		return this.startEpochNanos;
	}

	/** @return the elapsed time from a monotonic clock, in milliseconds (0 for instants) */
	public double durationMs() {
		return this.durationMs;
	}

	/** @return the elapsed time in nanoseconds, rounded */
	public long durationNanos() {
		return Math.round(this.durationMs * 1e6);
	}

	/**
	 * The span that was current on the starting thread when this one started.
	 * @return its id, or 0 when there was none
	 */
	public long parentId() {
		return this.parentId;
	}

	/**
	 * The outermost span of this span's chain of parents, so records of one trace can be
	 * grouped without the parent's record at hand.
	 * @return the root's id; {@link #id()} for a span with no parent
	 */
	public long rootId() {
		return this.rootId;
	}

	/** @return the name the starting thread had when the span started, or {@code ""} when unknown */
	public String threadName() {
		return this.thread.name();
	}

	/** @return the id of the starting thread, or 0 when unknown */
	public long threadId() {
		return this.thread.id();
	}

	/**
	 * The attributes given at start.
	 * @return a new tree of the attributes snapshot, or {@code null} when there were none
	 */
	public JsonNode attributes() {
		return ValueCapture.toNode(this.attributes);
	}

	/**
	 * The result given at end.
	 * @return a new tree of the result snapshot, or {@code null} when there was none
	 */
	public JsonNode result() {
		return ValueCapture.toNode(this.result);
	}

	/**
	 * The attributes snapshot as it is kept, for writers that stream it rather than build a
	 * tree, such as exporters.
	 * @return a copy of the snapshot's UTF-8 JSON text, or {@code null} when there were none
	 */
	public byte[] attributesJson() {
		return (this.attributes != null) ? this.attributes.clone() : null;
	}

	/**
	 * The result snapshot as it is kept; see {@link #attributesJson()}.
	 * @return a copy of the snapshot's UTF-8 JSON text, or {@code null} when there was none
	 */
	public byte[] resultJson() {
		return (this.result != null) ? this.result.clone() : null;
	}

	/** The attributes as UTF-8 JSON text, not copied: for writers in this package. */
	byte[] rawAttributes() {
		return this.attributes;
	}

	/** The result as UTF-8 JSON text, not copied: for writers in this package. */
	byte[] rawResult() {
		return this.result;
	}

	SpanThread thread() {
		return this.thread;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof SpanRecord that && this.id == that.id
				&& this.startEpochNanos == that.startEpochNanos
				&& Double.compare(this.durationMs, that.durationMs) == 0 && this.parentId == that.parentId
				&& this.rootId == that.rootId && this.name.equals(that.name) && this.thread.equals(that.thread)
				&& Arrays.equals(this.attributes, that.attributes) && Arrays.equals(this.result, that.result));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.id, this.name, this.startEpochNanos, this.durationMs);
	}

	@Override
	public String toString() {
		return SpanRecordSerializer.toJson(this);
	}

}
