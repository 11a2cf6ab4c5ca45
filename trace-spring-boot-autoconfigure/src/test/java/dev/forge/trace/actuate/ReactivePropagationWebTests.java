package dev.forge.trace.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

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
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Trace context across a real call on WebFlux: a Reactor Netty server continues an
 * incoming {@code traceparent}, and a {@code WebClient} observed through the
 * application's registry carries its client span's context to the other side.
 */
@SpringBootTest(classes = ReactivePropagationWebTests.ReactiveCallingApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.main.web-application-type=reactive")
class ReactivePropagationWebTests {

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
	void aCallThroughWebClientContinuesTheTraceOnTheOtherSide() {
		String body = new Http(this.port)
			.get("/front", Map.of("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01", "tracestate", "v=1"))
			.body();
		assertThat(body).startsWith("00-" + TRACE_ID + "-").endsWith("-01|v=1");
		List<SpanRecord> records = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			records.addAll(this.trace.flush());
			return records.stream().anyMatch((r) -> r.name().equals("http get /back"))
					&& records.stream().anyMatch((r) -> r.name().equals("http get /front"));
		});
		SpanRecord front = named(records, "http get /front");
		SpanRecord back = named(records, "http get /back");
		SpanRecord client = records.stream()
			.filter((record) -> record.spanId().equals(back.parentSpanId()))
			.findFirst()
			.orElseThrow();
		assertThat(front.traceId()).isEqualTo(TRACE_ID);
		assertThat(client.traceId()).isEqualTo(TRACE_ID);
		assertThat(client.rootId()).isEqualTo(front.rootId());
		assertThat(back.traceId()).isEqualTo(TRACE_ID);
		assertThat(body).contains("-" + client.spanId() + "-");
	}

	private static SpanRecord named(List<SpanRecord> records, String name) {
		return records.stream().filter((record) -> record.name().equals(name)).findFirst().orElseThrow();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ReactiveFrontController.class)
	static class ReactiveCallingApplication {

	}

	@RestController
	static class ReactiveFrontController {

		private final WebClient client;

		private final Environment environment;

		ReactiveFrontController(ObservationRegistry registry, Environment environment) {
			// As Boot's WebClient.Builder is configured: observed through the application's registry.
			this.client = WebClient.builder().observationRegistry(registry).build();
			this.environment = environment;
		}

		@GetMapping("/front")
		Mono<String> front() {
			return this.client.get()
				.uri("http://localhost:" + this.environment.getProperty("local.server.port") + "/back")
				.retrieve()
				.bodyToMono(String.class);
		}

		@GetMapping("/back")
		String back(@RequestHeader(name = "traceparent", required = false) String traceparent,
				@RequestHeader(name = "tracestate", required = false) String tracestate) {
			return traceparent + "|" + tracestate;
		}

	}

}
