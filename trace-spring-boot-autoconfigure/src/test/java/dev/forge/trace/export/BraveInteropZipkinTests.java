package dev.forge.trace.export;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Interop with a service a team already runs: a Spring Boot application traced by Boot's
 * own Micrometer Tracing with Brave (a separate process, {@code interop-brave-service}),
 * and an application with the starter, both reporting to one real Zipkin. Whichever calls
 * the other, Zipkin shows one trace with both services' spans linked.
 */
class BraveInteropZipkinTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static ZipkinServer zipkin;

	private static BraveService brave;

	private static ConfigurableApplicationContext ours;

	@BeforeAll
	static void start() throws Exception {
		zipkin = new ZipkinServer();
		brave = new BraveService(zipkin.url("/api/v2/spans"));
		ours = new SpringApplicationBuilder(OurService.class).run("--server.port=0",
				"--spring.application.name=our-service", "--spring.main.banner-mode=off",
				"--trace.export.zipkin.endpoint=" + zipkin.url("/api/v2/spans"), "--trace.export.interval=100ms",
				"--management.endpoints.web.exposure.include=health");
	}

	@AfterAll
	static void stop() throws Exception {
		if (ours != null) {
			ours.close();
		}
		if (brave != null) {
			brave.close();
		}
		if (zipkin != null) {
			zipkin.close();
		}
	}

	@Test
	void ourServiceCallingTheBraveServiceMakesOneTrace() throws Exception {
		String traceId = sharedTraceId(get(ourUrl("/ours/call?url=" + encode(brave.url("/hop")))));
		JsonNode spans = spansOf(traceId, 3);
		JsonNode ourServer = only(spans, "our-service", "SERVER");
		JsonNode ourClient = only(spans, "our-service", "CLIENT");
		JsonNode braveServer = only(spans, "brave-service", "SERVER");
		assertThat(ourServer.has("parentId")).isFalse();
		assertThat(ourClient.get("parentId").asString()).isEqualTo(ourServer.get("id").asString());
		assertThat(braveServer.get("parentId").asString()).isEqualTo(ourClient.get("id").asString());
		assertUniqueSpanIds(spans);
		assertThat(zipkin.dependencyLinks()).contains("our-service->brave-service");
	}

	@Test
	void theBraveServiceCallingOurServiceMakesOneTrace() throws Exception {
		String traceId = sharedTraceId(get(brave.url("/hop?next=" + encode(ourUrl("/ours/work")))));
		JsonNode spans = spansOf(traceId, 4);
		JsonNode braveServer = only(spans, "brave-service", "SERVER");
		JsonNode braveClient = only(spans, "brave-service", "CLIENT");
		JsonNode ourServer = only(spans, "our-service", "SERVER");
		JsonNode ourWork = named(spans, "work.compute");
		assertThat(braveServer.has("parentId")).isFalse();
		assertThat(braveClient.get("parentId").asString()).isEqualTo(braveServer.get("id").asString());
		assertThat(ourServer.get("parentId").asString()).isEqualTo(braveClient.get("id").asString());
		assertThat(ourWork.get("parentId").asString()).isEqualTo(ourServer.get("id").asString());
		assertUniqueSpanIds(spans);
		assertThat(zipkin.dependencyLinks()).contains("brave-service->our-service");
	}

	/** The trace id both services saw, from an answer such as "ours {id} > brave {id}". */
	private static String sharedTraceId(String answer) {
		String[] parts = answer.split(" ");
		assertThat(parts).as(answer).hasSize(5);
		assertThat(parts[1]).as(answer).hasSize(32).isEqualTo(parts[4]);
		return parts[1];
	}

	private static JsonNode spansOf(String traceId, int count) {
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> zipkin.json("/api/v2/trace/" + traceId),
					(found) -> found.isArray() && found.size() >= count);
	}

	private static JsonNode only(JsonNode spans, String service, String kind) {
		JsonNode match = null;
		for (JsonNode span : spans) {
			// Work spans have no kind (and Jackson 3.0 will not read a missing one as text).
			if (service.equals(span.get("localEndpoint").get("serviceName").asString()) && span.has("kind")
					&& kind.equals(span.get("kind").asString())) {
				assertThat(match).as("a second %s span of %s in %s", kind, service, spans).isNull();
				match = span;
			}
		}
		assertThat(match).as("a %s span of %s in %s", kind, service, spans).isNotNull();
		return match;
	}

	private static JsonNode named(JsonNode spans, String name) {
		for (JsonNode span : spans) {
			if (name.equals(span.get("name").asString())) {
				return span;
			}
		}
		throw new AssertionError("no span named " + name + " in " + spans);
	}

	private static void assertUniqueSpanIds(JsonNode spans) {
		Set<String> ids = new HashSet<>();
		String traceId = spans.get(0).get("traceId").asString();
		for (JsonNode span : spans) {
			assertThat(span.get("traceId").asString()).isEqualTo(traceId);
			assertThat(ids.add(span.get("id").asString())).as("span id used twice in %s", spans).isTrue();
		}
	}

	private static String ourUrl(String path) {
		return "http://127.0.0.1:" + ours.getEnvironment().getProperty("local.server.port") + path;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String get(String url) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(OurController.class)
	static class OurService {

		@Bean
		Work work() {
			return new Work();
		}

	}

	@RestController
	static class OurController {

		private final RestClient client;

		private final Work work;

		private final TraceService trace;

		OurController(RestClient.Builder builder, Work work, TraceService trace) {
			this.client = builder.build();
			this.work = work;
			this.trace = trace;
		}

		@GetMapping("/ours/work")
		String work() {
			this.work.compute();
			return "ours " + this.trace.currentTraceId();
		}

		@GetMapping("/ours/call")
		String call(@RequestParam String url) {
			return "ours " + this.trace.currentTraceId() + " > " + this.client.get().uri(url).retrieve().body(String.class);
		}

	}

	static class Work {

		@Traced("work.compute")
		public int compute() {
			return 42;
		}

	}

}
