package dev.forge.trace;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
			"00-" + TRACE + "-" + SPAN + "-01 x", // text after the value
			"00-" + TRACE + "-" + SPAN + "-01.", // a trailing character that is not whitespace
			"00-" + TRACE + "-" + SPAN + "-001", // long flags
			"000-" + TRACE + "-" + SPAN + "-01", // long version
			"cc-" + TRACE + "-" + SPAN + "-01.future", // a later version's fifth field must follow a dash
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
		assertThat(RemoteParent.fromTraceparent(traceparent, "novalue").traceState()).isNull();
		assertThat(RemoteParent.fromTraceparent(traceparent, "x".repeat(600)).traceState()).isNull();
		assertThat(RemoteParent.fromTraceparent(traceparent, "a=1,".repeat(9_000)).traceState()).isNull();
		String full = "a=" + "v".repeat(250) + ",b=" + "w".repeat(250);
		assertThat(RemoteParent.fromTraceparent(traceparent, full).traceState()).isEqualTo(full);
	}

	@ParameterizedTest
	@ValueSource(strings = { " ", "\t", " \t " })
	void whitespaceAroundATraceparentIsIgnored(String whitespace) {
		RemoteParent parent = RemoteParent.fromTraceparent(whitespace + "00-" + TRACE + "-" + SPAN + "-01" + whitespace,
				null);
		assertThat(parent).isNotNull();
		assertThat(parent.traceIdHex()).isEqualTo(TRACE);
	}

	@Test
	void theSampledAndRandomFlagsArePassedOnAndNoOther() {
		assertThat(RemoteParent.fromTraceparent("00-" + TRACE + "-" + SPAN + "-02", null).traceparent(0xabcL))
			.isEqualTo("00-" + TRACE + "-0000000000000abc-02");
		assertThat(RemoteParent.fromTraceparent("00-" + TRACE + "-" + SPAN + "-03", null).traceparent(0xabcL))
			.endsWith("-03");
		assertThat(RemoteParent.fromTraceparent("00-" + TRACE + "-" + SPAN + "-ff", null).traceparent(0xabcL))
			.endsWith("-03");
		assertThat(RemoteParent.fromTraceparent("00-" + TRACE + "-" + SPAN + "-fc", null).traceparent(0xabcL))
			.endsWith("-00");
		RemoteParent random = RemoteParent.fromTraceparent("00-" + TRACE + "-" + SPAN + "-02", null);
		assertThat(random.random()).isTrue();
		assertThat(random.sampled()).isFalse();
		assertThat(RemoteParent.fromB3(TRACE + "-" + SPAN + "-1").random()).isFalse();
	}

	/** The W3C rules for tracestate, as the official test suite checks them. */
	@ParameterizedTest(name = "[{index}] {0} -> {1}")
	@CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
			foo=1,bar=2                                | foo=1,bar=2
			'foo=1 \t , \t bar=2, \t baz=3'           | foo=1,bar=2,baz=3
			' foo=1'                                   | foo=1
			'foo=1 '                                   | foo=1
			''                                         | NONE
			'  ,  , '                                  | NONE
			'foo=1,'                                   | foo=1
			',foo=1'                                   | foo=1
			foo=1,foo=1                                | foo=1
			foo=1,foo=2                                | foo=1
			foo=1,bar=2,rojo=1,congo=2,baz=3           | foo=1,bar=2,rojo=1,congo=2,baz=3
			foo@=1,bar=2                               | foo@=1,bar=2
			foo@@bar=1,bar=2                           | foo@@bar=1,bar=2
			foo@bar@baz=1,bar=2                        | foo@bar@baz=1,bar=2
			a_-*/0=1                                   | a_-*/0=1
			0a=1                                       | 0a=1
			'foo= leading'                             | 'foo= leading'
			foo=<b>1</b>                               | foo=<b>1</b>
			'foo =1'                                   | NONE
			FOO=1                                      | NONE
			foo.bar=1                                  | NONE
			@foo=1,bar=2                               | NONE
			_foo=1                                     | NONE
			foo=bar=baz                                | NONE
			foo=,bar=3                                 | NONE
			'foo= '                                    | NONE
			'x=<img src=x onerror=alert(1)>'           | NONE
			foo=café                                  | NONE
			foo=1;bar:2                                | foo=1;bar:2
			novalue                                    | NONE
			""")
	void tracestateMembersAreReadByTheSpecificationsGrammar(String header, String passedOn) {
		assertThat(RemoteParent.traceState(header)).isEqualTo(passedOn);
	}

	@Test
	void aTracestateOfThirtyTwoMembersIsKeptAndOfThirtyThreeDropped() {
		String thirtyTwo = IntStream.rangeClosed(1, 32)
			.mapToObj((i) -> "bar%02d=%02d".formatted(i, i))
			.collect(Collectors.joining(","));
		assertThat(RemoteParent.traceState(thirtyTwo)).isEqualTo(thirtyTwo);
		assertThat(RemoteParent.traceState(thirtyTwo + ",bar33=33")).isNull();
		// Duplicates do not count: they are dropped.
		assertThat(RemoteParent.traceState(thirtyTwo + ",bar01=again")).isEqualTo(thirtyTwo);
	}

	@Test
	void keysOfUpTo256CharactersAndValuesOfUpTo256AreKept() {
		assertThat(RemoteParent.traceState("foo=1," + "z".repeat(256) + "=1")).isEqualTo("foo=1," + "z".repeat(256) + "=1");
		assertThat(RemoteParent.traceState("foo=1," + "z".repeat(257) + "=1")).isNull();
		String vendor = "t".repeat(241) + "@" + "v".repeat(14);
		assertThat(RemoteParent.traceState("foo=1," + vendor + "=1")).isEqualTo("foo=1," + vendor + "=1");
		assertThat(RemoteParent.traceState("k=" + "v".repeat(256))).isEqualTo("k=" + "v".repeat(256));
		assertThat(RemoteParent.traceState("k=" + "v".repeat(257))).isNull();
	}

	@Test
	void pastFiveHundredTwelveCharactersWholeMembersGoTheLongestFirst() {
		String longMember = "long=" + "l".repeat(200);
		String shortMembers = IntStream.range(0, 30)
			.mapToObj((i) -> "k%02d=%s".formatted(i, "v".repeat(10)))
			.collect(Collectors.joining(","));
		// 30 members of 14 characters (449 with commas) and one of 205: the long one goes.
		assertThat(RemoteParent.traceState(longMember + "," + shortMembers)).isEqualTo(shortMembers);
		// Then from the end: 40 characters a member with its comma, so 12 fit in 512.
		String many = IntStream.range(0, 20)
			.mapToObj((i) -> "k%02d=%s".formatted(i, "v".repeat(35)))
			.collect(Collectors.joining(","));
		String kept = RemoteParent.traceState(many);
		assertThat(kept).hasSizeLessThanOrEqualTo(512).startsWith("k00=").doesNotContain("k12=").contains("k11=");
		assertThat(many).startsWith(kept);
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
			"0000000000000000-" + SPAN, TRACE + "-0000000000000000", TRACE + "-" + SPAN + "-true",
			TRACE + "-" + SPAN + "-false", TRACE + "-" + SPAN + "-1-xyz", TRACE + "-" + SPAN + "-1-",
			TRACE + "-" + SPAN + "-1-00F067AA0BA902B7", TRACE + "-" + SPAN + "-1-" + SPAN + "0" })
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
		RemoteParent b3 = RemoteParent.fromB3("0123456789abcdef-8000000000000000-1");
		assertThat(b3.traceIdLow()).isEqualTo(0x0123456789abcdefL);
		assertThat(b3.spanId()).isEqualTo(Long.MIN_VALUE);
		// The multi headers' older true/false, which B3's specification asks readers to accept.
		assertThat(RemoteParent.fromB3("0123456789abcdef", "8000000000000000", "true").sampled()).isTrue();
		assertThat(RemoteParent.fromB3("0123456789abcdef", "8000000000000000", "false").sampled()).isFalse();
		assertThat(RemoteParent.fromB3("0123456789abcdef", "8000000000000000", "tru")).isNull();
		assertThat(RemoteParent.fromB3("0123456789abcdef-80000000000000\u00e9")).isNull();
	}

}
