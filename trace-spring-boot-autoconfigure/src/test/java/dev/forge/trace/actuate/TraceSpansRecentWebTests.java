package dev.forge.trace.actuate;

import java.net.http.HttpResponse;

import dev.forge.trace.TraceService;
import dev.forge.trace.format.ChromeTraceValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Looking without taking: the recent window and the page never drain.
 */
@SpringBootTest(classes = TraceSpansTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=trace-spans", "trace.recent-spans=5" })
class TraceSpansRecentWebTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	private Http http;

	// What a browser asks for when it navigates to a page.
	static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	@BeforeEach
	void drain() {
		this.http = new Http(this.port);
		this.trace.flush();
	}

	@Test
	void recentShowsTheNewestSpansWithoutDrainingThemAndKeepsThemAfterADrain() {
		for (int i = 0; i < 3; i++) {
			this.trace.instant("first-" + i);
		}
		JsonNode recent = this.http.json("/actuator/trace-spans/recent");
		assertThat(recent).extracting((span) -> span.get("name").asString()).endsWith("first-0", "first-1", "first-2");
		// Still buffered: the next drain gets them.
		assertThat(this.http.json("/actuator/trace-spans")).hasSize(3);
		// Drained, and still in the window.
		assertThat(this.http.json("/actuator/trace-spans/recent")).extracting((span) -> span.get("name").asString())
			.endsWith("first-0", "first-1", "first-2");
		for (int i = 0; i < 4; i++) {
			this.trace.instant("second-" + i);
		}
		// At most trace.recent-spans, newest last, whether drained or not.
		assertThat(this.http.json("/actuator/trace-spans/recent")).extracting((span) -> span.get("name").asString())
			.containsExactly("first-2", "second-0", "second-1", "second-2", "second-3");
		assertThat(this.http.json("/actuator/trace-spans/recent").get(0).propertyNames()).containsExactly("id", "name",
				"started_at", "duration_ms");
	}

	@Test
	void recentAsAChromeTraceIsValid() {
		try (var scope = this.trace.openScope("outer", null)) {
			this.trace.end(this.trace.start("inner"));
		}
		ChromeTraceValidator.validate(this.http.json("/actuator/trace-spans/recent?format=chrome-trace"));
		assertThat(this.trace.stats().buffered()).isEqualTo(2);
	}

	@Test
	void thePageAndItsFilesAreServedThroughTheEndpoint() {
		HttpResponse<String> page = this.http.get("/actuator/trace-spans/ui", BROWSER_ACCEPT);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("<script src=\"ui/app.js\"", "Content-Security-Policy")
			.doesNotContain("<script>", "http://", "https://");
		HttpResponse<String> script = this.http.get("/actuator/trace-spans/ui/app.js", "*/*");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/javascript"));
		assertThat(script.body()).doesNotContain("http://", "https://");
		HttpResponse<String> styles = this.http.get("/actuator/trace-spans/ui/app.css", "text/css,*/*;q=0.1");
		assertThat(styles.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/css"));
		assertThat(this.http.get("/actuator/trace-spans/ui/secrets.txt", "*/*").statusCode()).isEqualTo(404);
	}

}
