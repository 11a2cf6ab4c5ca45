package dev.forge.trace;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.jspecify.annotations.Nullable;

/**
 * How a tracer names its spans and traces outside the process: exported span ids and the
 * 128-bit trace ids of traces that start here. Both are derived from the local ids by a
 * bijective mix keyed by random values drawn for each tracer, so they look random in
 * full (as W3C Trace Context Level 2 and OpenTelemetry's samplers expect), are unique
 * within the tracer, never 0, collide across tracers only by chance, and cost nothing to
 * store: a parent link still follows, because the same local id always gives the same
 * exported one.
 */
public final class TraceIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	// The two lower-case hex digits of each byte value: ids are written a byte at a time.
	private static final byte[] HEX_PAIRS = new byte[512];

	static {
		byte[] digits = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < 256; i++) {
			HEX_PAIRS[2 * i] = digits[i >>> 4];
			HEX_PAIRS[2 * i + 1] = digits[i & 0xF];
		}
	}

	/** Fixed keys, for records made from JSON that no tracer recorded. */
	static final TraceIds NONE = new TraceIds(0x9e3779b97f4a7c15L, 0xc2b2ae3d27d4eb4fL, 0x165667b19e3779f9L);

	private final long spanKey;

	private final long traceHighKey;

	private final long traceLowKey;

	// The remote parents of local roots that continue another process's trace, in a table
	// indexed by the root's local id (made on the first one). Local ids are handed out in
	// order, so a root is forgotten only after at least as many spans as the table has slots
	// (max-finished + max-active, rounded up) started after it, by when the buffers have
	// mostly moved on. A lookup allocates nothing; there is no shared map or queue to contend on.
	private volatile @Nullable AtomicReferenceArray<RemoteRoot> remoteRoots;

	private final int remoteSlots;

	TraceIds(long spanKey, long traceHighKey, long traceLowKey) {
		this(spanKey, traceHighKey, traceLowKey, 0);
	}

	private TraceIds(long spanKey, long traceHighKey, long traceLowKey, int maxRemoteRoots) {
		this.spanKey = spanKey;
		this.traceHighKey = traceHighKey;
		this.traceLowKey = traceLowKey;
		this.remoteSlots = (maxRemoteRoots <= 0) ? 0
				: Integer.highestOneBit(Math.min(maxRemoteRoots, 1 << 29) * 2 - 1);
	}

	/**
	 * Keys drawn at random, for a tracer or for exporters used without one.
	 * @return new ids
	 */
	public static TraceIds random() {
		return random(0);
	}

	/**
	 * Keys drawn at random, remembering the remote parents of roots among at least the last
	 * {@code maxRemoteRoots} spans started.
	 */
	static TraceIds random(int maxRemoteRoots) {
		return new TraceIds(RANDOM.nextLong(), RANDOM.nextLong(), RANDOM.nextLong(), maxRemoteRoots);
	}

	/** Records that the local root {@code rootId} continues a remote trace. */
	void continueRemote(long rootId, RemoteParent parent) {
		if (this.remoteSlots == 0) {
			return;
		}
		AtomicReferenceArray<RemoteRoot> table = this.remoteRoots;
		if (table == null) {
			table = createRemoteRoots();
		}
		table.setRelease(slot(rootId), new RemoteRoot(rootId, parent));
	}

	private synchronized AtomicReferenceArray<RemoteRoot> createRemoteRoots() {
		AtomicReferenceArray<RemoteRoot> table = this.remoteRoots;
		if (table == null) {
			table = new AtomicReferenceArray<>(this.remoteSlots);
			this.remoteRoots = table;
		}
		return table;
	}

	private int slot(long rootId) {
		return (int) rootId & (this.remoteSlots - 1);
	}

	/**
	 * The remote span a local root continues, when its trace came from another process.
	 * @param rootId the local id of the trace's root
	 * @return the remote parent, or {@code null} for a trace that started here
	 */
	public @Nullable RemoteParent remoteParent(long rootId) {
		AtomicReferenceArray<RemoteRoot> table = this.remoteRoots;
		if (table == null) {
			return null;
		}
		RemoteRoot entry = table.getAcquire(slot(rootId));
		return (entry != null && entry.rootId == rootId) ? entry.parent : null;
	}

	/**
	 * The exported and propagated id of a span.
	 * @param id the local id ({@link SpanRecord#id()}), never 0
	 * @return the span id, never 0
	 */
	public long spanId(long id) {
		return mix(id, this.spanKey);
	}

	/**
	 * The high 64 bits of the trace id of a local trace: the remote trace's when it
	 * continues one, else derived from the root's local id.
	 * @param rootId the local id of the trace's root ({@link SpanRecord#rootId()})
	 * @return the high bits
	 */
	public long traceIdHigh(long rootId) {
		RemoteParent remote = remoteParent(rootId);
		return (remote != null) ? remote.traceIdHigh() : mix(rootId, this.traceHighKey);
	}

	/**
	 * The low 64 bits of the trace id of a local trace (the remote trace's when it continues
	 * one); a trace id is never all zero.
	 * @param rootId the local id of the trace's root
	 * @return the low bits
	 */
	public long traceIdLow(long rootId) {
		RemoteParent remote = remoteParent(rootId);
		return (remote != null) ? remote.traceIdLow() : mix(rootId, this.traceLowKey);
	}

	/**
	 * A span id as 16 lower-case hex digits.
	 * @param id the local id
	 * @return the hex span id
	 */
	public String spanIdHex(long id) {
		return hex(spanId(id));
	}

	/**
	 * A trace id as 32 lower-case hex digits.
	 * @param rootId the local id of the trace's root
	 * @return the hex trace id
	 */
	public String traceIdHex(long rootId) {
		byte[] digits = new byte[32];
		writeTraceId(rootId, remoteParent(rootId), digits, 0);
		return new String(digits, StandardCharsets.ISO_8859_1);
	}

	private void writeTraceId(long rootId, @Nullable RemoteParent remote, byte[] out, int offset) {
		writeHex((remote != null) ? remote.traceIdHigh() : mix(rootId, this.traceHighKey), out, offset);
		writeHex((remote != null) ? remote.traceIdLow() : mix(rootId, this.traceLowKey), out, offset + 16);
	}

	/**
	 * A W3C {@code traceparent} naming a span of a local trace: its trace id, the span's id,
	 * and the trace's flags, which are the caller's sampled and {@code random-trace-id}
	 * flags for a trace continued from another process (passed on unchanged) and sampled
	 * for one begun here.
	 * @param rootId the local id of the trace's root
	 * @param id the span's local id
	 * @return {@code 00-<trace id>-<span id>-<flags>}
	 */
	public String traceparent(long rootId, long id) {
		RemoteParent remote = remoteParent(rootId);
		byte[] value = { '0', '0', '-', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				0, 0, 0, 0, 0, 0, '-', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '-', '0', '1' };
		writeTraceId(rootId, remote, value, 3);
		writeHex(spanId(id), value, 36);
		if (remote != null) {
			value[54] = (byte) remote.flagDigit();
		}
		return new String(value, StandardCharsets.ISO_8859_1);
	}

	/**
	 * A 64-bit value as 16 lower-case hex digits.
	 * @param value the value
	 * @return the digits
	 */
	public static String hex(long value) {
		byte[] digits = new byte[16];
		writeHex(value, digits, 0);
		return new String(digits, StandardCharsets.ISO_8859_1);
	}

	static void writeHex(long value, byte[] out, int offset) {
		for (int i = offset + 14; i >= offset; i -= 2) {
			int pair = ((int) value & 0xFF) << 1;
			out[i] = HEX_PAIRS[pair];
			out[i + 1] = HEX_PAIRS[pair + 1];
			value >>>= 8;
		}
	}

	// Each step undoes uniquely (xor with a key, xor-shift, multiply by an odd number), so a
	// key gives a bijection of the 64-bit values: distinct ids stay distinct.
	private static long mix(long id, long key) {
		long z = mixBits(id ^ key);
		// The one id that would map to 0 takes the value of id 0 instead, which no span has.
		return (z != 0) ? z : mixBits(key);
	}

	private static long mixBits(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

	private record RemoteRoot(long rootId, RemoteParent parent) {
	}

}
