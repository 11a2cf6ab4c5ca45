package dev.forge.trace;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

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

	private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	/** Fixed keys, for records made from JSON that no tracer recorded. */
	static final TraceIds NONE = new TraceIds(0x9e3779b97f4a7c15L, 0xc2b2ae3d27d4eb4fL, 0x165667b19e3779f9L);

	private final long spanKey;

	private final long traceHighKey;

	private final long traceLowKey;

	// The remote parents of local roots that continue another process's trace, at most
	// maxRemoteRoots of them, the oldest forgotten first.
	private final Map<Long, RemoteParent> remoteParents = new ConcurrentHashMap<>();

	private final Queue<Long> remoteOrder = new ConcurrentLinkedQueue<>();

	private final int maxRemoteRoots;

	TraceIds(long spanKey, long traceHighKey, long traceLowKey) {
		this(spanKey, traceHighKey, traceLowKey, 0);
	}

	private TraceIds(long spanKey, long traceHighKey, long traceLowKey, int maxRemoteRoots) {
		this.spanKey = spanKey;
		this.traceHighKey = traceHighKey;
		this.traceLowKey = traceLowKey;
		this.maxRemoteRoots = maxRemoteRoots;
	}

	/**
	 * Keys drawn at random, for a tracer or for exporters used without one.
	 * @return new ids
	 */
	public static TraceIds random() {
		return random(0);
	}

	/** Keys drawn at random, remembering the remote parents of at most {@code maxRemoteRoots} roots. */
	static TraceIds random(int maxRemoteRoots) {
		return new TraceIds(RANDOM.nextLong(), RANDOM.nextLong(), RANDOM.nextLong(), maxRemoteRoots);
	}

	/** Records that the local root {@code rootId} continues a remote trace. */
	void continueRemote(long rootId, RemoteParent parent) {
		if (this.maxRemoteRoots == 0) {
			return;
		}
		this.remoteParents.put(rootId, parent);
		this.remoteOrder.add(rootId);
		while (this.remoteParents.size() > this.maxRemoteRoots) {
			Long oldest = this.remoteOrder.poll();
			if (oldest == null) {
				break;
			}
			this.remoteParents.remove(oldest);
		}
	}

	/**
	 * The remote span a local root continues, when its trace came from another process.
	 * @param rootId the local id of the trace's root
	 * @return the remote parent, or {@code null} for a trace that started here
	 */
	public @Nullable RemoteParent remoteParent(long rootId) {
		return this.remoteParents.isEmpty() ? null : this.remoteParents.get(rootId);
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
		writeHex(traceIdHigh(rootId), digits, 0);
		writeHex(traceIdLow(rootId), digits, 16);
		return new String(digits, StandardCharsets.ISO_8859_1);
	}

	/**
	 * A W3C {@code traceparent} naming a span of a local trace: its trace id, the span's id,
	 * and the trace's sampling flag, which is the caller's for a trace continued from
	 * another process (passed on unchanged) and sampled for one begun here.
	 * @param rootId the local id of the trace's root
	 * @param id the span's local id
	 * @return {@code 00-<trace id>-<span id>-<flags>}
	 */
	public String traceparent(long rootId, long id) {
		RemoteParent remote = remoteParent(rootId);
		boolean sampled = remote == null || remote.sampled();
		return "00-" + traceIdHex(rootId) + "-" + spanIdHex(id) + (sampled ? "-01" : "-00");
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
		for (int i = offset + 15; i >= offset; i--) {
			out[i] = HEX_DIGITS[(int) (value & 0xF)];
			value >>>= 4;
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

}
