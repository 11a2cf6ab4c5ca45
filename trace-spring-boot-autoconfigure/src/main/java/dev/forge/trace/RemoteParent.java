package dev.forge.trace;

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
 */
public record RemoteParent(long traceIdHigh, long traceIdLow, long spanId, boolean sampled,
		@Nullable String traceState) {

	/** The longest header value read; anything longer is refused unread. */
	static final int MAX_HEADER = 512;

	/** The W3C limits on {@code tracestate}: at most 32 members, 512 characters kept. */
	static final int MAX_TRACE_STATE_MEMBERS = 32;

	/**
	 * Reads a W3C {@code traceparent}: version {@code 00} exactly as the specification
	 * writes it, or a later version's first four fields; never version {@code ff}, upper
	 * case, all-zero ids or a wrong length.
	 * @param traceparent the header value, may be {@code null}
	 * @param traceState the {@code tracestate} header value, may be {@code null}
	 * @return the parent, or {@code null} when the value is missing or malformed
	 */
	public static @Nullable RemoteParent fromTraceparent(@Nullable String traceparent, @Nullable String traceState) {
		if (traceparent == null || traceparent.length() < 55 || traceparent.length() > MAX_HEADER) {
			return null;
		}
		String version = traceparent.substring(0, 2);
		if (!isHex(version) || version.equals("ff") || traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-'
				|| traceparent.charAt(52) != '-') {
			return null;
		}
		if (version.equals("00") ? traceparent.length() != 55
				: traceparent.length() > 55 && traceparent.charAt(55) != '-') {
			return null;
		}
		String traceId = traceparent.substring(3, 35);
		String spanId = traceparent.substring(36, 52);
		String flags = traceparent.substring(53, 55);
		if (!isHex(traceId) || !isHex(spanId) || !isHex(flags)) {
			return null;
		}
		long high = Long.parseUnsignedLong(traceId.substring(0, 16), 16);
		long low = Long.parseUnsignedLong(traceId.substring(16), 16);
		long span = Long.parseUnsignedLong(spanId, 16);
		if ((high == 0 && low == 0) || span == 0) {
			return null;
		}
		boolean sampled = (Integer.parseInt(flags, 16) & 1) != 0;
		return new RemoteParent(high, low, span, sampled, traceState(traceState));
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
		String[] parts = b3.split("-", -1);
		if (parts.length < 2 || parts.length > 4) {
			return null;
		}
		String sampled = (parts.length > 2) ? parts[2] : null;
		return fromB3(parts[0], parts[1], sampled);
	}

	/**
	 * Reads B3 multi headers ({@code X-B3-TraceId}, {@code X-B3-SpanId}, {@code X-B3-Sampled}).
	 * @param traceId the trace id, 16 or 32 hex digits
	 * @param spanId the span id, 16 hex digits
	 * @param sampled {@code 1}, {@code 0}, {@code d} (debug), {@code true}, {@code false} or
	 * {@code null} (sampled)
	 * @return the parent, or {@code null} when a value is missing or malformed
	 */
	public static @Nullable RemoteParent fromB3(@Nullable String traceId, @Nullable String spanId,
			@Nullable String sampled) {
		if (traceId == null || spanId == null || (traceId.length() != 16 && traceId.length() != 32)
				|| spanId.length() != 16 || !isHex(traceId) || !isHex(spanId)) {
			return null;
		}
		Boolean decision = (sampled == null) ? Boolean.TRUE : switch (sampled) {
			case "1", "d", "true" -> Boolean.TRUE;
			case "0", "false" -> Boolean.FALSE;
			default -> null;
		};
		if (decision == null) {
			return null;
		}
		long high = (traceId.length() == 32) ? Long.parseUnsignedLong(traceId.substring(0, 16), 16) : 0;
		long low = Long.parseUnsignedLong(traceId.substring(traceId.length() - 16), 16);
		long span = Long.parseUnsignedLong(spanId, 16);
		if ((high == 0 && low == 0) || span == 0) {
			return null;
		}
		return new RemoteParent(high, low, span, decision, null);
	}

	/**
	 * This parent as a {@code traceparent}, with another span id (the span that calls on).
	 * @param callerSpanId the calling span's exported id
	 * @return the header value
	 */
	public String traceparent(long callerSpanId) {
		return "00-" + traceIdHex() + "-" + TraceIds.hex(callerSpanId) + (this.sampled ? "-01" : "-00");
	}

	/**
	 * The trace id as 32 lower-case hex digits.
	 * @return the trace id
	 */
	public String traceIdHex() {
		return TraceIds.hex(this.traceIdHigh) + TraceIds.hex(this.traceIdLow);
	}

	// Lower-case hex only, as W3C requires (and B3 writes).
	private static boolean isHex(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
				return false;
			}
		}
		return !value.isEmpty();
	}

	/** Keeps a {@code tracestate} within the specification's limits, or drops it. */
	private static @Nullable String traceState(@Nullable String value) {
		if (value == null || value.isBlank() || value.length() > MAX_HEADER) {
			return null;
		}
		String[] members = value.split(",", -1);
		if (members.length > MAX_TRACE_STATE_MEMBERS) {
			return null;
		}
		for (String member : members) {
			String trimmed = member.trim();
			if (!trimmed.isEmpty() && trimmed.indexOf('=') <= 0) {
				return null;
			}
		}
		return value.trim();
	}

}
