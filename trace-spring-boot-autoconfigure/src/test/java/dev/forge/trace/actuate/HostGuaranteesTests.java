package dev.forge.trace.actuate;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.forge.trace.SpanErrors;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the endpoint guarantees its host, on every web stack: {@code HEAD} drains nothing,
 * a client that goes away mid-drain loses no record, requests to actuator are not traced,
 * and the page is served to browsers with its security headers. Run on a servlet container
 * and on Reactor Netty by the subclasses.
 */
abstract class HostGuaranteesTests extends DrainingWebTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void headDrainsNothing() {
		for (int i = 0; i < 7; i++) {
			this.trace.instant("kept");
		}
		HttpResponse<String> head = this.http.head("/actuator/trace-spans");
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(flushed()).isZero();
		assertThat(this.trace.stats().buffered()).isEqualTo(7);
		assertThat(this.http.json("/actuator/trace-spans")).hasSize(7);
		// Settled once the exchange is done, which may be just after the client has the body.
		await().atMost(Duration.ofSeconds(10)).until(() -> flushed() == 7);
	}

	@Test
	void aClientThatDisconnectsMidBodyLosesNoRecord() throws Exception {
		String big = "x".repeat(4000);
		int count = this.trace.options().maxFinishedSpans();
		for (int i = 0; i < count; i++) {
			this.trace.instant("big", Map.of("i", i, "payload", big));
		}
		long held = this.trace.stats().buffered();
		assertThat(held).isGreaterThan(count / 2);
		// About 40 MB of JSON: far more than the socket buffers hold, so the server is still writing.
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(("GET /actuator/trace-spans HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] partial = in.readNBytes(64 * 1024);
			assertThat(new String(partial, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
			socket.setSoLinger(true, 0);
		}
		// The server notices the broken connection and gives the batch back.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.trace.stats().buffered()).isEqualTo(held));
		assertThat(flushed()).isZero();
		Set<Long> ids = new HashSet<>();
		JsonNode drained = JSON.readTree(this.http.get("/actuator/trace-spans").body());
		drained.forEach((record) -> ids.add(record.get("id").asLong()));
		assertThat(ids).hasSize((int) held);
		assertThat(drained.size()).isEqualTo(held);
		// Committed once the body has left, which may be just after the client has it.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(flushed()).isEqualTo(held));
	}

	@Test
	void tracesListsLocalTracesNewestFirstAndServesEachOnesRecords() {
		long ok;
		try (TraceScope request = this.trace.openScope("GET /orders", null)) {
			this.trace.end(this.trace.start("repository.find"));
			ok = request.id();
		}
		long failed;
		try (TraceScope request = this.trace.openScope("POST /orders", null)) {
			this.trace.end(this.trace.start("repository.save"), SpanErrors.of(new IllegalStateException("full")));
			request.setError(new IllegalStateException("full"));
			failed = request.id();
		}
		JsonNode traces = this.http.json("/actuator/trace-spans/traces?limit=2");
		assertThat(traces).hasSize(2);
		assertThat(traces.get(0).get("id").asLong()).isEqualTo(failed);
		assertThat(traces.get(0).get("name").asString()).isEqualTo("POST /orders");
		assertThat(traces.get(0).get("spans").asInt()).isEqualTo(2);
		assertThat(traces.get(0).get("errors").asInt()).isEqualTo(2);
		assertThat(traces.get(0).get("kept").asBoolean()).isTrue();
		assertThat(traces.get(1).get("id").asLong()).isEqualTo(ok);
		assertThat(traces.get(1).get("errors").asInt()).isZero();
		HttpResponse<String> one = this.http.get("/actuator/trace-spans/traces/" + ok, "*/*");
		assertThat(one.statusCode()).isEqualTo(200);
		assertThat(one.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).contains("json"));
		JsonNode records = JSON.readTree(one.body());
		assertThat(records).hasSize(2);
		assertThat(records.get(0).get("name").asString()).isEqualTo("GET /orders");
		assertThat(records.get(1).get("name").asString()).isEqualTo("repository.find");
		assertThat(this.http.get("/actuator/trace-spans/traces/999999999").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/actuator/trace-spans/traces/abc").statusCode()).isEqualTo(404);
		// Reading drains nothing.
		assertThat(this.trace.stats().buffered()).isEqualTo(4);
	}

	@Test
	void tracesFiltersAndSortsEveryTraceHeldBeforeItsLimit() throws Exception {
		long slowest;
		try (TraceScope request = this.trace.openScope("GET /report", null)) {
			Thread.sleep(30);
			slowest = request.id();
		}
		long failed;
		try (TraceScope request = this.trace.openScope("POST /orders", null)) {
			request.setError(new IllegalStateException("full"));
			failed = request.id();
		}
		for (int i = 0; i < 300; i++) {
			this.trace.end(this.trace.start("GET /health"));
		}
		// Neither is among the newest 200, yet each is found.
		assertThat(this.http.json("/actuator/trace-spans/traces?limit=200"))
			.noneMatch((summary) -> summary.get("id").asLong() == slowest || summary.get("id").asLong() == failed);
		assertThat(this.http.json("/actuator/trace-spans/traces?limit=1&sort=duration_ms").get(0).get("id").asLong())
			.isEqualTo(slowest);
		assertThat(this.http.json("/actuator/trace-spans/traces?limit=200&kept=true"))
			.anyMatch((summary) -> summary.get("id").asLong() == failed)
			.allMatch((summary) -> summary.get("kept").asBoolean());
		// Earlier tests' kept traces are still held: each filter is checked on what it lets through.
		assertThat(this.http.json("/actuator/trace-spans/traces?errors=true"))
			.anyMatch((summary) -> summary.get("id").asLong() == failed)
			.allMatch((summary) -> summary.get("errors").asInt() > 0);
		assertThat(this.http.json("/actuator/trace-spans/traces?match=REPORT"))
			.anyMatch((summary) -> summary.get("id").asLong() == slowest)
			.allMatch((summary) -> summary.get("name").asString().toLowerCase().contains("report"));
		assertThat(this.http.json("/actuator/trace-spans/traces?min_ms=20"))
			.anyMatch((summary) -> summary.get("id").asLong() == slowest)
			.allMatch((summary) -> summary.get("duration_ms").asDouble() >= 20);
		List<String> byName = new ArrayList<>();
		this.http.json("/actuator/trace-spans/traces?limit=500&sort=name")
			.forEach((summary) -> byName.add(summary.get("name").asString()));
		assertThat(byName).hasSizeGreaterThan(300).isSorted();
		JsonNode fastest = this.http.json("/actuator/trace-spans/traces?limit=500&sort=duration_ms,reversed");
		assertThat(fastest.get(0).get("duration_ms").asDouble())
			.isLessThanOrEqualTo(fastest.get(fastest.size() - 1).get("duration_ms").asDouble());
		for (String bad : List.of("sort=slowest", "sort=name,backwards", "kept=yes", "errors=1", "min_ms=-1")) {
			assertThat(this.http.get("/actuator/trace-spans/traces?" + bad).statusCode()).as(bad).isEqualTo(400);
		}
	}

	@Test
	void aRequestWithATraceparentContinuesThatTraceAndAMalformedOneStartsANewTrace() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String spanId = "00f067aa0ba902b7";
		assertThat(this.http.get("/hello", Map.of("traceparent", "00-" + traceId + "-" + spanId + "-01")).body())
			.isEqualTo("hello");
		SpanRecord continued = awaitRequestSpan();
		assertThat(continued.traceId()).isEqualTo(traceId);
		assertThat(continued.parentSpanId()).isEqualTo(spanId);
		assertThat(continued.parentId()).isZero();
		HttpResponse<String> malformed = this.http.get("/hello",
				Map.of("traceparent", "00-" + traceId.toUpperCase() + "-" + spanId + "-01"));
		assertThat(malformed.statusCode()).isEqualTo(200);
		SpanRecord fresh = awaitRequestSpan();
		assertThat(fresh.traceId()).isNotEqualTo(traceId).isNotEqualTo(traceId.toUpperCase());
		assertThat(fresh.parentSpanId()).isNull();
		assertThat(this.http.get("/hello", Map.of("b3", traceId + "-" + spanId + "-1")).statusCode()).isEqualTo(200);
		assertThat(awaitRequestSpan().traceId()).isEqualTo(traceId);
	}

	private SpanRecord awaitRequestSpan() {
		SpanRecord[] found = new SpanRecord[1];
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (SpanRecord record : this.trace.flush()) {
				if (record.name().equals("http get /hello")) {
					found[0] = record;
				}
			}
			return found[0] != null;
		});
		return found[0];
	}

	@Test
	void requestsToActuatorAreNotTracedAndOthersAre() {
		assertThat(this.http.get("/hello").body()).isEqualTo("hello");
		assertThat(this.http.get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(this.http.head("/actuator/trace-spans").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.trace.recent().stream().anyMatch((span) -> span.name().equals("http get /hello")));
		List<String> names = this.trace.flush().stream().map(SpanRecord::name).toList();
		assertThat(names).contains("http get /hello").noneMatch((name) -> name.contains("actuator"));
	}

	@ParameterizedTest(name = "{0} with Accept: {1}")
	@CsvSource({ "/actuator/trace-spans/ui, text/html, text/html",
			"/actuator/trace-spans/ui, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', text/html",
			"/actuator/trace-spans/ui, */*, text/html", "/actuator/trace-spans/ui/app.js, */*, text/javascript",
			"/actuator/trace-spans/ui/app.js, text/javascript, text/javascript",
			"/actuator/trace-spans/ui/app.css, 'text/css,*/*;q=0.1', text/css" })
	void thePageIsServedToBrowsersWithItsSecurityHeaders(String path, String accept, String type) {
		HttpResponse<String> response = this.http.get(path, accept);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying((value) -> value.startsWith(type));
		assertThat(response.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((csp) -> assertThat(csp).contains("frame-ancestors 'none'", "script-src 'self'"));
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	@Test
	void theJsonViewsStillAnswerJson() {
		HttpResponse<String> stats = this.http.get("/actuator/trace-spans/stats", "*/*");
		assertThat(stats.statusCode()).isEqualTo(200);
		assertThat(stats.headers().firstValue("Content-Type")).hasValueSatisfying((value) -> value.contains("json"));
		assertThat(this.http.get("/actuator/trace-spans/stats", "application/json").statusCode()).isEqualTo(200);
	}

	/** What Chromium sends when a person opens a view's address. */
	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,"
			+ "image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "recent", "traces", "kept", "stats", "active", "info", "traces?limit=5" })
	void everyViewOpenedInABrowserAnswersJsonThatIsNeverStored(String view) {
		this.trace.end(this.trace.start("opened.in.a.browser"));
		HttpResponse<String> response = this.http.get("/actuator/trace-spans/" + view, BROWSER_ACCEPT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type)
			.startsWith("application/json"));
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.isArray() || body.isObject()).isTrue();
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		// Actuator's own v3 type when that is what is asked for.
		assertThat(this.http.get("/actuator/trace-spans/" + view, "application/vnd.spring-boot.actuator.v3+json")
			.headers()
			.firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type)
				.startsWith("application/vnd.spring-boot.actuator.v3+json"));
	}

	@ParameterizedTest(name = "{0} with Accept: {1}")
	@CsvSource({ "stats, text/html", "recent, text/html", "traces, image/png", "info, text/plain" })
	void aViewAskedForOnlyInATypeItDoesNotHaveAnswers406(String view, String accept) {
		assertThat(this.http.get("/actuator/trace-spans/" + view, accept).statusCode()).isEqualTo(406);
	}

	@Test
	void theDrainIsNeverStored() {
		this.trace.end(this.trace.start("drained"));
		HttpResponse<String> response = this.http.get("/actuator/trace-spans", BROWSER_ACCEPT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(this.http.get("/actuator/trace-spans/ui", "text/html").headers().firstValue("Cache-Control"))
			.hasValue("no-store");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "traces?name=", "traces?name=x&from=", "traces?name=x&to=", "traces?name=&from=&to=",
			"traces?name=x&from=-1", "traces?name=x&to=soon", "traces?name=%20" })
	void anEmptyOrMalformedExampleQueryIsRefused(String query) {
		assertThat(this.http.get("/actuator/trace-spans/" + query).statusCode()).isEqualTo(400);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(HelloController.class)
	static class HostApplication {

	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

}
