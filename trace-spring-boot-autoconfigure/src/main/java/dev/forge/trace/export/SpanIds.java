package dev.forge.trace.export;

import dev.forge.trace.RemoteParent;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceIds;
import org.jspecify.annotations.Nullable;

/**
 * The ids the tracing formats give a batch of spans, as lower-case hex, from the tracer's
 * {@link TraceIds}: random-looking span ids and 128-bit trace ids, derived from the local
 * ids. Each id is made once per batch (a child names its parent's id, and the parent ends
 * just after it).
 */
public final class SpanIds {

	// Children end just before their parent, so a small window of recent ids suffices.
	private static final int SLOTS = 256;

	private final TraceIds traceIds;

	private final long[] ids = new long[SLOTS];

	private final String[] idHex = new String[SLOTS];

	private final long[] roots = new long[SLOTS];

	private final String[] traceHex = new String[SLOTS];

	/**
	 * Creates the ids of one batch, for use on one thread.
	 * @param traceIds the tracer's ids, as {@code TraceService.traceIds()}
	 */
	public SpanIds(TraceIds traceIds) {
		this.traceIds = traceIds;
	}

	/**
	 * A 64-bit value as 16 hex digits.
	 * @param value the value
	 * @return the hex digits
	 */
	public static String hex(long value) {
		return TraceIds.hex(value);
	}

	/**
	 * The exported id of a span, made once per id in this batch.
	 * @param id the local id, never 0
	 * @return the hex span id
	 */
	public String spanId(long id) {
		int slot = slot(id);
		if (this.ids[slot] != id || this.idHex[slot] == null) {
			this.ids[slot] = id;
			this.idHex[slot] = this.traceIds.spanIdHex(id);
		}
		return this.idHex[slot];
	}

	/**
	 * The trace id of the spans under a root, as 32 hex digits, made once per root in this
	 * batch.
	 * @param rootId the root id ({@link SpanRecord#rootId()}), never 0
	 * @return the trace id
	 */
	public String traceId(long rootId) {
		int slot = slot(rootId);
		if (this.roots[slot] != rootId || this.traceHex[slot] == null) {
			this.roots[slot] = rootId;
			this.traceHex[slot] = this.traceIds.traceIdHex(rootId);
		}
		return this.traceHex[slot];
	}

	/**
	 * A span's parent as exported: its local parent's id, or for a root that continues a
	 * remote trace, the remote span's.
	 * @param record the span
	 * @return the hex parent id, or {@code null} for the root of a trace begun here
	 */
	public @Nullable String parentId(SpanRecord record) {
		if (record.parentId() != 0) {
			return spanId(record.parentId());
		}
		RemoteParent remote = this.traceIds.remoteParent(record.id());
		return (remote != null) ? TraceIds.hex(remote.spanId()) : null;
	}

	private static int slot(long id) {
		return (int) (id ^ (id >>> 32)) & (SLOTS - 1);
	}

}
