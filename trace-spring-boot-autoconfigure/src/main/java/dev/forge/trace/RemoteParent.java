package dev.forge.trace;

import java.util.Arrays;

import dev.forge.trace.internal.TraceStates;
import org.jspecify.annotations.Nullable;

/**
 * A span of another process that a trace here continues: its trace id, its span id, its
 * sampling decision and the vendor state that travels with it, as read from a W3C
 * {@code traceparent} (and {@code tracestate}) or from B3 headers. Parsing never throws:
 * a malformed value gives {@code null}, and the request starts a new trace.
 *
 * @param traceIdHigh the high 64 bits of the trace id
 * @param traceIdLow the low 64 bits of the trace id (not both 0)
 * @param spanId the remote span's id, never 0
 * @param sampled whether the remote side sampled the trace (exports it)
 * @param traceState the W3C {@code tracestate}, kept and passed on, or {@code null}
 * @param random whether the caller's {@code traceparent} set the W3C Level 2
 * {@code random-trace-id} flag, passed on with the trace id it describes
 */
public record RemoteParent(long traceIdHigh, long traceIdLow, long spanId, boolean sampled,
		@Nullable String traceState, boolean random) {

	/** The longest header value read; anything longer is refused unread. */
	static final int MAX_HEADER = 512;

	/**
	 * A parent without the {@code random-trace-id} flag (B3, or a caller that does not set
	 * it).
	 * @param traceIdHigh the high 64 bits of the trace id
	 * @param traceIdLow the low 64 bits of the trace id (not both 0)
	 * @param spanId the remote span's id, never 0
	 * @param sampled whether the remote side sampled the trace
	 * @param traceState the W3C {@code tracestate}, or {@code null}
	 */
	public RemoteParent(long traceIdHigh, long traceIdLow, long spanId, boolean sampled,
			@Nullable String traceState) {
		this(traceIdHigh, traceIdLow, spanId, sampled, traceState, false);
	}

	/**
	 * Reads a W3C {@code traceparent}: version {@code 00} exactly as the specification
	 * writes it, or a later version's first four fields; never version {@code ff}, upper
	 * case, all-zero ids or a wrong length. Spaces and tabs around the value are optional
	 * whitespace (RFC 9110) and ignored. The sampled and {@code random-trace-id} flags are
	 * kept; the {@code tracestate} is read by the rules of {@link #traceState(String)}.
	 * @param traceparent the header value, may be {@code null}
	 * @param traceState the {@code tracestate} header value, its lines combined with
	 * commas, may be {@code null}
	 * @return the parent, or {@code null} when the value is missing or malformed
	 */
	public static @Nullable RemoteParent fromTraceparent(@Nullable String traceparent, @Nullable String traceState) {
		if (traceparent == null || traceparent.length() > MAX_HEADER) {
			return null;
		}
		traceparent = TraceStates.trimWhitespace(traceparent);
		if (traceparent.length() < 55) {
			return null;
		}
		// Read in place, in one pass: a header on every request is worth not copying.
		long version = hex(traceparent, 0, 2);
		if (version < 0 || version == 0xff || traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-'
				|| traceparent.charAt(52) != '-') {
			return null;
		}
		if ((version == 0) ? traceparent.length() != 55
				: traceparent.length() > 55 && traceparent.charAt(55) != '-') {
			return null;
		}
		long flags = hex(traceparent, 53, 2);
		if (flags < 0) {
			return null;
		}
		return read(traceparent, 3, true, traceparent, 36, (flags & 1) != 0, (flags & 2) != 0, traceState);
	}

	/**
	 * Reads a single B3 header: {@code {traceId}-{spanId}[-{sampled}[-{parentSpanId}]]},
	 * with a 16 or 32 hex digit trace id.
	 * @param b3 the {@code b3} header value, may be {@code null}
	 * @return the parent, or {@code null} when the value is missing, malformed or only a
	 * sampling decision
	 */
	public static @Nullable RemoteParent fromB3(@Nullable String b3) {
		if (b3 == null || b3.length() > MAX_HEADER) {
			return null;
		}
		int traceEnd = b3.indexOf('-');
		if (traceEnd < 0) {
			return null;
		}
		int spanEnd = b3.indexOf('-', traceEnd + 1);
		if (spanEnd < 0) {
			return fromB3(b3, 0, traceEnd, b3, traceEnd + 1, b3.length(), Boolean.TRUE);
		}
		int sampledEnd = b3.indexOf('-', spanEnd + 1);
		if (sampledEnd >= 0 && b3.indexOf('-', sampledEnd + 1) >= 0) {
			return null;
		}
		int sampledFrom = spanEnd + 1;
		int sampledLength = ((sampledEnd < 0) ? b3.length() : sampledEnd) - sampledFrom;
		// The single header's sampling state is one character (B3's specification); the
		// parent span id after it, when given, is 16 hex digits like any span id.
		Boolean sampled = (sampledLength == 1) ? decision(b3.charAt(sampledFrom)) : null;
		if (sampledEnd >= 0 && (b3.length() - sampledEnd - 1 != 16 || hex(b3, sampledEnd + 1, 8) < 0
				|| hex(b3, sampledEnd + 9, 8) < 0)) {
			return null;
		}
		return fromB3(b3, 0, traceEnd, b3, traceEnd + 1, spanEnd, sampled);
	}

	/**
	 * Reads B3 multi headers ({@code X-B3-TraceId}, {@code X-B3-SpanId}, {@code X-B3-Sampled}).
	 * @param traceId the trace id, 16 or 32 hex digits
	 * @param spanId the span id, 16 hex digits
	 * @param sampled {@code 1}, {@code 0}, {@code d} (debug), {@code true}, {@code false} (the
	 * older form B3's specification asks readers of the multi headers to accept) or
	 * {@code null} (sampled)
	 * @return the parent, or {@code null} when a value is missing or malformed
	 */
	public static @Nullable RemoteParent fromB3(@Nullable String traceId, @Nullable String spanId,
			@Nullable String sampled) {
		if (traceId == null || spanId == null) {
			return null;
		}
		return fromB3(traceId, 0, traceId.length(), spanId, 0, spanId.length(),
				(sampled != null) ? decision(sampled) : Boolean.TRUE);
	}

	// The B3 sampling states: 1 or d (debug) or true, 0 or false; anything else is malformed.
	private static @Nullable Boolean decision(char sampled) {
		return switch (sampled) {
			case '1', 'd' -> Boolean.TRUE;
			case '0' -> Boolean.FALSE;
			default -> null;
		};
	}

	private static @Nullable Boolean decision(String sampled) {
		return switch (sampled) {
			case "1", "d", "true" -> Boolean.TRUE;
			case "0", "false" -> Boolean.FALSE;
			default -> null;
		};
	}

	private static @Nullable RemoteParent fromB3(String traceId, int traceFrom, int traceTo, String spanId,
			int spanFrom, int spanTo, @Nullable Boolean decision) {
		int traceLength = traceTo - traceFrom;
		if (decision == null || (traceLength != 16 && traceLength != 32) || spanTo - spanFrom != 16) {
			return null;
		}
		return read(traceId, traceFrom, traceLength == 32, spanId, spanFrom, decision, false, null);
	}

	/**
	 * The ids read in place, W3C's and both B3 forms alike: a trace id of 32 hex digits (or
	 * 16, the low half, when not {@code wide}) and a span id of 16; {@code null} when a digit
	 * is not lower-case hex or an id is all zero.
	 */
	private static @Nullable RemoteParent read(String traceId, int traceFrom, boolean wide, String spanId,
			int spanFrom, boolean sampled, boolean random, @Nullable String traceState) {
		int lowFrom = wide ? traceFrom + 16 : traceFrom;
		long high1 = wide ? hex(traceId, traceFrom, 8) : 0;
		long high2 = wide ? hex(traceId, traceFrom + 8, 8) : 0;
		long low1 = hex(traceId, lowFrom, 8);
		long low2 = hex(traceId, lowFrom + 8, 8);
		long span1 = hex(spanId, spanFrom, 8);
		long span2 = hex(spanId, spanFrom + 8, 8);
		if ((high1 | high2 | low1 | low2 | span1 | span2) < 0) {
			return null;
		}
		long high = (high1 << 32) | high2;
		long low = (low1 << 32) | low2;
		long span = (span1 << 32) | span2;
		if ((high == 0 && low == 0) || span == 0) {
			return null;
		}
		return new RemoteParent(high, low, span, sampled, traceState(traceState), random);
	}

	/**
	 * This parent as a {@code traceparent}, with another span id (the span that calls on).
	 * @param callerSpanId the calling span's exported id
	 * @return the header value
	 */
	public String traceparent(long callerSpanId) {
		return "00-" + traceIdHex() + "-" + TraceIds.hex(callerSpanId) + "-0" + flagDigit();
	}

	/**
	 * The {@code trace-flags} this trace passes on, as the one hex digit that varies: the
	 * sampled bit and the {@code random-trace-id} bit as received, every other flag 0 as
	 * the specification asks.
	 * @return {@code '0'} to {@code '3'}
	 */
	char flagDigit() {
		return (char) ('0' + (this.sampled ? 1 : 0) + (this.random ? 2 : 0));
	}

	/**
	 * The trace id as 32 lower-case hex digits.
	 * @return the trace id
	 */
	public String traceIdHex() {
		return TraceIds.hex(this.traceIdHigh) + TraceIds.hex(this.traceIdLow);
	}

	// Lower-case hex only, as W3C requires (and B3 writes): the digit's value, or -1.
	private static final byte[] HEX_VALUES = new byte[128];

	static {
		Arrays.fill(HEX_VALUES, (byte) -1);
		for (int i = 0; i < 16; i++) {
			HEX_VALUES["0123456789abcdef".charAt(i)] = (byte) i;
		}
	}

	/** At most 8 hex digits as a non-negative value, or -1 when one is not a hex digit. */
	private static long hex(String value, int from, int count) {
		long result = 0;
		for (int i = from; i < from + count; i++) {
			char c = value.charAt(i);
			int digit = (c < 128) ? HEX_VALUES[c] : -1;
			if (digit < 0) {
				return -1;
			}
			result = (result << 4) | digit;
		}
		return result;
	}

	/**
	 * A {@code tracestate} as it is passed on: members read by the W3C grammar, duplicates
	 * after the first dropped, at most 512 characters kept (whole members removed, the
	 * longest first); the whole header dropped when any member is malformed or there are
	 * more than 32 (see {@link TraceStates}).
	 * @param value the header's lines combined with commas, may be {@code null}
	 * @return the value to pass on, or {@code null} for none
	 */
	public static @Nullable String traceState(@Nullable String value) {
		return TraceStates.read(value);
	}

}
