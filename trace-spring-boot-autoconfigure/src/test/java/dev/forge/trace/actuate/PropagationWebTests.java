package dev.forge.trace.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Trace context across a real HTTP call: a request continues its caller's trace, and a
 * call made through Boot's {@code RestClient} carries its client span's context, so an
 * application calling itself (as two services would) makes one trace.
 */
@SpringBootTest(classes = PropagationWebTests.CallingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.application.name=propagation")
class PropagationWebTests {

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
	void aCallThroughRestClientContinuesTheTraceOnTheOtherSide() {
		String traceparent = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
		String tracestate = "vendor=opaque";
		assertThat(new Http(this.port).get("/front", Map.of("traceparent", traceparent, "tracestate", tracestate))
			.body()).startsWith("00-" + TRACE_ID + "-").endsWith("-01|vendor=opaque");
		List<SpanRecord> records = awaitRecords(3);
		SpanRecord front = named(records, "http get /front");
		SpanRecord client = records.stream()
			.filter((record) -> record.name().startsWith("http get") && record.parentId() == front.id())
			.findFirst()
			.orElseThrow();
		SpanRecord back = named(records, "http get /back");
		// One trace: the caller's, through the front request, its client call and the back request.
		assertThat(front.traceId()).isEqualTo(TRACE_ID);
		assertThat(front.parentSpanId()).isEqualTo("00f067aa0ba902b7");
		assertThat(client.traceId()).isEqualTo(TRACE_ID);
		assertThat(back.traceId()).isEqualTo(TRACE_ID);
		assertThat(back.parentSpanId()).isEqualTo(client.spanId());
		// The header the back end received named the client span, and no span id is shared.
		assertThat(records.stream().map(SpanRecord::spanId).distinct()).hasSize(records.size());
	}

	@Test
	void withoutAnIncomingContextTheCallStillMakesOneTraceBegunHere() {
		new Http(this.port).get("/front");
		List<SpanRecord> records = awaitRecords(3);
		SpanRecord front = named(records, "http get /front");
		SpanRecord back = named(records, "http get /back");
		assertThat(front.parentSpanId()).isNull();
		assertThat(back.traceId()).isEqualTo(front.traceId()).isNotEqualTo(TRACE_ID);
		assertThat(back.rootId()).isNotEqualTo(front.rootId());
	}

	private List<SpanRecord> awaitRecords(int count) {
		List<SpanRecord> records = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			records.addAll(this.trace.flush());
			return records.stream().filter((record) -> record.name().startsWith("http get")).count() >= count;
		});
		return records;
	}

	private static SpanRecord named(List<SpanRecord> records, String name) {
		return records.stream().filter((record) -> record.name().equals(name)).findFirst().orElseThrow();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(FrontController.class)
	static class CallingApplication {

	}

	@RestController
	static class FrontController {

		private final RestClient client;

		private final Environment environment;

		FrontController(RestClient.Builder builder, Environment environment) {
			this.client = builder.build();
			this.environment = environment;
		}

		@GetMapping("/front")
		String front() {
			return this.client.get()
				.uri("http://localhost:" + this.environment.getProperty("local.server.port") + "/back")
				.retrieve()
				.body(String.class);
		}

		@GetMapping("/back")
		String back(@RequestHeader(name = "traceparent", required = false) String traceparent,
				@RequestHeader(name = "tracestate", required = false) String tracestate) {
			return traceparent + "|" + tracestate;
		}

	}

}
