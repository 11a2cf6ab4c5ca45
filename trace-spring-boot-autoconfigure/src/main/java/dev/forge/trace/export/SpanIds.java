package dev.forge.trace.export;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import dev.forge.trace.SpanRecord;

/**
 * The ids the tracing formats give a batch of spans, as lower-case hex: a span's id is its
 * id; its trace id is 128 bits, a random value of its tracer
 * ({@code TraceService.traceIdHigh()}) in the high 64 bits and its root id in the low 64,
 * so traces of several instances or restarts never collide. Each id is made once per
 * batch (a child names its parent's id, and the parent ends just after it).
 */
public final class SpanIds {

	private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final SecureRandom RANDOM = new SecureRandom();

	// Children end just before their parent, so a small window of recent ids suffices.
	private static final int SLOTS = 256;

	private final long[] ids = new long[SLOTS];

	private final String[] idHex = new String[SLOTS];

	private final long[] roots = new long[SLOTS];

	private final String[] traceHex = new String[SLOTS];

	// The trace id's high half, then room for the low half or a span id.
	private final byte[] scratch = new byte[32];

	/**
	 * Creates the ids of one batch, for use on one thread.
	 * @param traceIdHigh the high 64 bits of trace ids, as {@code TraceService.traceIdHigh()}
	 */
	public SpanIds(long traceIdHigh) {
		writeHex(traceIdHigh, this.scratch, 0);
	}

	/**
	 * A random value for the high bits of trace ids, for exporters made without a tracer's.
	 * @return a random value, never 0
	 */
	public static long randomTraceIdHigh() {
		return RANDOM.nextLong() | 1L;
	}

	/**
	 * A span id as 16 hex digits.
	 * @param id the id
	 * @return the hex id
	 */
	public static String hex(long id) {
		byte[] digits = new byte[16];
		writeHex(id, digits, 0);
		return new String(digits, StandardCharsets.ISO_8859_1);
	}

	private static void writeHex(long id, byte[] out, int offset) {
		for (int i = offset + 15; i >= offset; i--) {
			out[i] = HEX_DIGITS[(int) (id & 0xF)];
			id >>>= 4;
		}
	}

	/**
	 * {@link #hex(long)}, made once per id in this batch (a child names its parent's id).
	 * @param id the id, never 0
	 * @return the hex id
	 */
	public String spanId(long id) {
		int slot = slot(id);
		if (this.ids[slot] != id) {
			this.ids[slot] = id;
			writeHex(id, this.scratch, 16);
			this.idHex[slot] = new String(this.scratch, 16, 16, StandardCharsets.ISO_8859_1);
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
		if (this.roots[slot] != rootId) {
			this.roots[slot] = rootId;
			writeHex(rootId, this.scratch, 16);
			this.traceHex[slot] = new String(this.scratch, 0, 32, StandardCharsets.ISO_8859_1);
		}
		return this.traceHex[slot];
	}

	private static int slot(long id) {
		return (int) (id ^ (id >>> 32)) & (SLOTS - 1);
	}

}
