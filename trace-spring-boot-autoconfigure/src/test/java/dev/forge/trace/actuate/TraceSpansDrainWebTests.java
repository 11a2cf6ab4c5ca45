package dev.forge.trace.actuate;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.forge.trace.TraceService;
import dev.forge.trace.format.ChromeTraceValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Draining over HTTP loses nothing: only a GET drains, bad parameters are refused before
 * anything is taken, and a response that could not be written gives its records back.
 */
@SpringBootTest(classes = TraceSpansTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=trace-spans", "spring.application.name=drain-tests" })
class TraceSpansDrainWebTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	private Http http;

	private long flushedBefore;

	@BeforeEach
	void drainLeftovers() {
		this.http = new Http(this.port);
		this.trace.flush();
		this.flushedBefore = this.trace.stats().flushed();
	}

	private long flushed() {
		return this.trace.stats().flushed() - this.flushedBefore;
	}

	@Test
	void headDrainsNothing() {
		for (int i = 0; i < 10; i++) {
			this.trace.instant("kept");
		}
		HttpResponse<String> head = this.http.head("/actuator/trace-spans");
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(flushed()).isZero();
		assertThat(this.trace.stats().buffered()).isEqualTo(10);
		assertThat(this.http.json("/actuator/trace-spans")).hasSize(10);
	}

	@ParameterizedTest
	@ValueSource(strings = { "?limit=", "?limit=0", "?limit=-3", "?limit=abc", "?limit=1.5", "?format=xml",
			"?format=" })
	void badParametersAreRefusedAndDrainNothing(String query) {
		this.trace.instant("kept");
		HttpResponse<String> response = this.http.get("/actuator/trace-spans" + query);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.trace.stats().buffered()).isEqualTo(1);
		assertThat(flushed()).isZero();
	}

	@Test
	void chromeTraceFormatDrainsLikeThePlainGet() {
		try (var scope = this.trace.openScope("request", Map.of("path", "/orders"))) {
			this.trace.end(this.trace.start("query"));
		}
		this.trace.instant("left");
		JsonNode trace = this.http.json("/actuator/trace-spans?format=chrome-trace&limit=2");
		Map<String, List<JsonNode>> events = ChromeTraceValidator.validate(trace);
		assertThat(events.get("X")).extracting((e) -> e.get("name").asString()).containsExactlyInAnyOrder("query",
				"request");
		assertThat(events.get("M").get(0).get("args").get("name").asString()).isEqualTo("drain-tests");
		assertThat(this.http.json("/actuator/trace-spans")).singleElement()
			.satisfies((left) -> assertThat(left.get("name").asString()).isEqualTo("left"));
		assertThat(flushed()).isEqualTo(3);
	}

	@Test
	void aClientThatDisconnectsMidBodyLosesNoRecord() throws Exception {
		String big = "x".repeat(4000);
		int count = this.trace.options().maxFinishedSpans();
		for (int i = 0; i < count; i++) {
			this.trace.instant("big", Map.of("i", i, "payload", big));
		}
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
		await().atMost(Duration.ofSeconds(30)).until(() -> this.trace.stats().buffered() == count);
		assertThat(flushed()).isZero();
		Set<Integer> seen = new HashSet<>();
		JsonNode drained = JSON.readTree(this.http.get("/actuator/trace-spans").body());
		drained.forEach((record) -> seen.add(record.get("attributes").get("i").asInt()));
		assertThat(seen).hasSize(count);
		assertThat(flushed()).isEqualTo(count);
		assertThat(this.trace.stats().buffered()).isZero();
	}

}
