package dev.forge.trace.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.awaitility.Awaitility.await;

/**
 * Trace context across a real HTTP call: a request continues its caller's trace, and a
 * call made through an observed client carries its client span's context, so an
 * application calling itself (as two services would) makes one trace. The application's
 * {@code /front} calls its own {@code /back}, which answers with the {@code traceparent}
 * and {@code tracestate} it received. Run on Tomcat with {@code RestClient} and on Reactor
 * Netty with {@code WebClient} by the subclasses.
 */
abstract class CallPropagationTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@BeforeEach
	void drain() {
		this.trace.flush();
	}

	@Test
	void aCallContinuesTheIncomingTraceOnTheOtherSide() {
		String received = new Http(this.port)
			.get("/front", Map.of("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01", "tracestate", "vendor=1"))
			.body();
		assertThat(received).startsWith("00-" + TRACE_ID + "-").endsWith("-01|vendor=1");
		List<SpanRecord> records = awaitFrontAndBack();
		SpanRecord front = named(records, "http get /front");
		SpanRecord back = named(records, "http get /back");
		SpanRecord client = records.stream()
			.filter((record) -> record.spanId().equals(back.parentSpanId()))
			.findFirst()
			.orElseThrow();
		// One trace, the caller's: the front request, its client call and the back request.
		assertThat(front.traceId()).isEqualTo(TRACE_ID);
		assertThat(front.parentSpanId()).isEqualTo("00f067aa0ba902b7");
		assertThat(client.traceId()).isEqualTo(TRACE_ID);
		assertThat(client.rootId()).isEqualTo(front.rootId());
		assertThat(back.traceId()).isEqualTo(TRACE_ID);
		// Requests are server spans and the call a client span, on either stack.
		assertThat(front.kind()).isEqualTo(SpanKind.SERVER);
		assertThat(client.kind()).isEqualTo(SpanKind.CLIENT);
		assertThat(back.kind()).isEqualTo(SpanKind.SERVER);
		// The header the back end received named the client span; no span id is used twice.
		assertThat(received).contains("-" + client.spanId() + "-");
		assertThat(records.stream().map(SpanRecord::spanId).distinct()).hasSize(records.size());
	}

	/**
	 * The W3C rules, and B3's, through a real request and a real outgoing call: what the
	 * back end receives is what the front request was sent, read by the specifications.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("headerRules")
	void theSpecificationsRulesHoldFromRequestToOutgoingCall(String rule, List<Map.Entry<String, String>> lines,
			boolean continued, String flags, String tracestate) {
		String[] received = new Http(this.port).get("/front", lines).body().split("\\|", -1);
		assertThat(received[0]).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-" + flags);
		if (continued) {
			assertThat(received[0]).startsWith("00-" + TRACE_ID + "-");
		}
		else {
			assertThat(received[0]).doesNotContain(TRACE_ID).doesNotContain("12345678901234567890123456789011");
		}
		assertThat(received[1]).isEqualTo(String.valueOf(tracestate));
		awaitFrontAndBack();
	}

	static Stream<Arguments> headerRules() {
		String parent = "00-" + TRACE_ID + "-00f067aa0ba902b7-00";
		String members = IntStream.rangeClosed(1, 30)
			.mapToObj((i) -> "bar%02d=%02d".formatted(i, i))
			.collect(Collectors.joining(","));
		return Stream.of(
				arguments("tracestate lines are combined in order", lines("traceparent", parent, "tracestate", "a=1",
						"tracestate", "b=2,c=3"), true, "00", "a=1,b=2,c=3"),
				arguments("an empty tracestate line beside a valid one", lines("traceparent", parent, "tracestate",
						"foo=1", "tracestate", ""), true, "00", "foo=1"),
				arguments("an empty tracestate is not sent on", lines("traceparent", parent, "tracestate", ""), true,
						"00", null),
				arguments("a key repeated across lines is sent once", lines("traceparent", parent, "tracestate",
						"foo=1", "tracestate", "foo=2"), true, "00", "foo=1"),
				arguments("32 members over three lines are kept", lines("traceparent", parent, "tracestate", members,
						"tracestate", "bar31=31", "tracestate", "bar32=32"), true, "00",
						members + ",bar31=31,bar32=32"),
				arguments("33 members drop the tracestate", lines("traceparent", parent, "tracestate", members,
						"tracestate", "bar31=31,bar32=32", "tracestate", "bar33=33"), true, "00", null),
				arguments("whitespace around members is dropped", lines("traceparent", parent, "tracestate",
						"foo=1 \t , \t bar=2"), true, "00", "foo=1,bar=2"),
				arguments("a key with a space drops the tracestate", lines("traceparent", parent, "tracestate",
						"foo =1"), true, "00", null),
				arguments("a key starting with @ drops the tracestate", lines("traceparent", parent, "tracestate",
						"@foo=1,bar=2"), true, "00", null),
				arguments("an upper-case key drops the tracestate", lines("traceparent", parent, "tracestate",
						"FOO=1"), true, "00", null),
				arguments("a value with = drops the tracestate", lines("traceparent", parent, "tracestate",
						"foo=bar=baz"), true, "00", null),
				arguments("markup with = drops the tracestate", lines("traceparent", parent, "tracestate",
						"x=<img src=x onerror=alert(1)>"), true, "00", null),
				arguments("an empty value drops the tracestate", lines("traceparent", parent, "tracestate",
						"foo=,bar=3"), true, "00", null),
				arguments("a tracestate without a traceparent is not read", lines("tracestate", "foo=1"), false,
						"01", null),
				arguments("the random flag is passed on", lines("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-02"),
						true, "02", null),
				arguments("sampled and random are passed on", lines("traceparent",
						"00-" + TRACE_ID + "-00f067aa0ba902b7-03"), true, "03", null),
				arguments("flags the specification does not define are not", lines("traceparent",
						"00-" + TRACE_ID + "-00f067aa0ba902b7-ff"), true, "03", null),
				arguments("a header name in any case", lines("TrAcEpArEnT", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"),
						true, "01", null),
				arguments("a later version is read", lines("traceparent",
						"cc-" + TRACE_ID + "-00f067aa0ba902b7-01-what-the-future-will-be-like"), true, "01", null),
				arguments("two traceparent lines start a new trace", lines("traceparent",
						"00-12345678901234567890123456789011-00f067aa0ba902b7-01", "traceparent", parent), false, "01",
						null),
				arguments("b3 with true as its sampling state starts a new trace", lines("b3",
						TRACE_ID + "-00f067aa0ba902b7-true"), false, "01", null),
				arguments("b3 with a malformed parent id starts a new trace", lines("b3",
						TRACE_ID + "-00f067aa0ba902b7-1-xyz"), false, "01", null),
				arguments("b3 with a valid parent id is continued", lines("b3",
						TRACE_ID + "-00f067aa0ba902b7-0-0000000000000abc"), true, "00", null),
				arguments("a doubled X-B3-TraceId starts a new trace", lines("X-B3-TraceId", TRACE_ID, "X-B3-TraceId",
						"12345678901234567890123456789011", "X-B3-SpanId", "00f067aa0ba902b7"), false, "01", null));
	}

	private static List<Map.Entry<String, String>> lines(String... namesAndValues) {
		List<Map.Entry<String, String>> lines = new ArrayList<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			lines.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
		}
		return lines;
	}

	@Test
	void withoutAnIncomingContextTheCallStillMakesOneTraceBegunHere() {
		new Http(this.port).get("/front");
		List<SpanRecord> records = awaitFrontAndBack();
		SpanRecord front = named(records, "http get /front");
		SpanRecord back = named(records, "http get /back");
		assertThat(front.parentSpanId()).isNull();
		assertThat(back.traceId()).isEqualTo(front.traceId()).isNotEqualTo(TRACE_ID);
		assertThat(back.rootId()).isNotEqualTo(front.rootId());
	}

	private List<SpanRecord> awaitFrontAndBack() {
		List<SpanRecord> records = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			records.addAll(this.trace.flush());
			return records.stream().anyMatch((record) -> record.name().equals("http get /back"))
					&& records.stream().anyMatch((record) -> record.name().equals("http get /front"));
		});
		return records;
	}

	private static SpanRecord named(List<SpanRecord> records, String name) {
		return records.stream().filter((record) -> record.name().equals(name)).findFirst().orElseThrow();
	}

}
