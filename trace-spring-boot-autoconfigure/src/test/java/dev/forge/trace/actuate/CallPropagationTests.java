package dev.forge.trace.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
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
