package dev.forge.trace;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading trace context headers: what the specifications allow is read; anything else
 * gives no parent (a new trace), never an exception.
 */
class RemoteParentTests {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String SPAN = "00f067aa0ba902b7";

	@Test
	void aValidTraceparentIsRead() {
		RemoteParent parent = RemoteParent.fromTraceparent("00-" + TRACE + "-" + SPAN + "-01", "congo=t61rcWkgMzE");
		assertThat(parent).isNotNull();
		assertThat(parent.traceIdHex()).isEqualTo(TRACE);
		assertThat(TraceIds.hex(parent.spanId())).isEqualTo(SPAN);
		assertThat(parent.sampled()).isTrue();
		assertThat(parent.traceState()).isEqualTo("congo=t61rcWkgMzE");
		assertThat(RemoteParent.fromTraceparent("00-" + TRACE + "-" + SPAN + "-00", null).sampled()).isFalse();
		// A later version: its first four fields, whatever follows.
		assertThat(RemoteParent.fromTraceparent("01-" + TRACE + "-" + SPAN + "-01-future", null)).isNotNull();
		assertThat(parent.traceparent(0xabcL)).isEqualTo("00-" + TRACE + "-0000000000000abc-01");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "00-" + TRACE + "-" + SPAN, // no flags
			"00-" + TRACE + "-" + SPAN + "-0", // short flags
			"00-" + TRACE + "-" + SPAN + "-01-extra", // version 00 has no more fields
			"00-" + TRACE + "-" + SPAN + "-01 ", // trailing space
			"ff-" + TRACE + "-" + SPAN + "-01", // version ff is invalid
			"0x-" + TRACE + "-" + SPAN + "-01", // version not hex
			"00-4BF92F3577B34DA6A3CE929D0E0E4736-" + SPAN + "-01", // upper case trace id
			"00-" + TRACE + "-00F067AA0BA902B7-01", // upper case span id
			"00-00000000000000000000000000000000-" + SPAN + "-01", // all-zero trace id
			"00-" + TRACE + "-0000000000000000-01", // all-zero span id
			"00-4bf92f3577b34da6a3ce929d0e0e473-" + SPAN + "-01", // 31-digit trace id
			"00-" + TRACE + "-00f067aa0ba902b-01", // 15-digit span id
			"00-" + TRACE + "-" + SPAN + "-zz", // flags not hex
			"00_" + TRACE + "_" + SPAN + "_01", // wrong separators
			"00-" + TRACE + "--" + SPAN + "-01", // doubled separator
			"00-" + TRACE + "-" + SPAN + "-01,00-" + TRACE + "-" + SPAN + "-01", // two values folded into one
			"01-" + TRACE + "-" + SPAN + "-01x", // a later version's fifth field must follow a dash
			"00-g" + "bf92f3577b34da6a3ce929d0e0e4736-" + SPAN + "-01", // not hex
			"traceparent", "garbage", "-", "00" })
	void aMalformedTraceparentGivesNoParent(String value) {
		assertThat(RemoteParent.fromTraceparent(value, null)).isNull();
	}

	@Test
	void aTenKilobyteValueIsRefusedUnread() {
		assertThat(RemoteParent.fromTraceparent("00-" + TRACE + "-" + SPAN + "-01" + "-x".repeat(5_000), null))
			.isNull();
		assertThat(RemoteParent.fromB3("x".repeat(10_000))).isNull();
	}

	@Test
	void anOversizedOrMalformedTracestateIsDroppedButTheParentKept() {
		String traceparent = "00-" + TRACE + "-" + SPAN + "-01";
		assertThat(RemoteParent.fromTraceparent(traceparent, "a=1,".repeat(40)).traceState()).isNull();
		assertThat(RemoteParent.fromTraceparent(traceparent, "novalue").traceState()).isNull();
		assertThat(RemoteParent.fromTraceparent(traceparent, "x".repeat(600)).traceState()).isNull();
		String full = "a=" + "v".repeat(250) + ",b=" + "w".repeat(250);
		assertThat(RemoteParent.fromTraceparent(traceparent, full).traceState()).isEqualTo(full);
	}

	@Test
	void b3SingleAndMultiAreRead() {
		RemoteParent single = RemoteParent.fromB3(TRACE + "-" + SPAN + "-1");
		assertThat(single.traceIdHex()).isEqualTo(TRACE);
		assertThat(single.sampled()).isTrue();
		assertThat(RemoteParent.fromB3(TRACE + "-" + SPAN + "-0").sampled()).isFalse();
		assertThat(RemoteParent.fromB3(TRACE + "-" + SPAN + "-d-" + SPAN).sampled()).isTrue();
		RemoteParent shortId = RemoteParent.fromB3("a3ce929d0e0e4736-" + SPAN);
		assertThat(shortId.traceIdHex()).isEqualTo("0000000000000000a3ce929d0e0e4736");
		assertThat(RemoteParent.fromB3(TRACE, SPAN, "1").sampled()).isTrue();
		assertThat(RemoteParent.fromB3(TRACE, SPAN, null).sampled()).isTrue();
		assertThat(RemoteParent.fromB3(TRACE, SPAN, "0").sampled()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "1", "d", TRACE, TRACE + "-", TRACE + "-" + SPAN + "-2",
			TRACE + "-" + SPAN + "-1-" + SPAN + "-extra", "4BF92F3577B34DA6A3CE929D0E0E4736-" + SPAN,
			"0000000000000000-" + SPAN, TRACE + "-0000000000000000" })
	void aMalformedB3GivesNoParent(String value) {
		assertThat(RemoteParent.fromB3(value)).isNull();
	}

	@Test
	void idsWithTheirHighBitsSetAndEveryDigitAreRead() {
		RemoteParent parent = RemoteParent.fromTraceparent(
				"00-ffffffffffffffff8000000000000001-fedcba9876543210-03", null);
		assertThat(parent.traceIdHigh()).isEqualTo(-1L);
		assertThat(parent.traceIdLow()).isEqualTo(0x8000000000000001L);
		assertThat(parent.spanId()).isEqualTo(0xfedcba9876543210L);
		assertThat(parent.sampled()).isTrue();
		assertThat(parent.traceIdHex()).isEqualTo("ffffffffffffffff8000000000000001");
		RemoteParent b3 = RemoteParent.fromB3("0123456789abcdef-8000000000000000-true");
		assertThat(b3.traceIdLow()).isEqualTo(0x0123456789abcdefL);
		assertThat(b3.spanId()).isEqualTo(Long.MIN_VALUE);
		assertThat(RemoteParent.fromB3("0123456789abcdef-8000000000000000-false").sampled()).isFalse();
		assertThat(RemoteParent.fromB3("0123456789abcdef-8000000000000000-tru")).isNull();
		assertThat(RemoteParent.fromB3("0123456789abcdef-80000000000000\u00e9")).isNull();
	}

}
