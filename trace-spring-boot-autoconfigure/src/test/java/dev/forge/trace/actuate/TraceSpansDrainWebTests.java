package dev.forge.trace.actuate;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.forge.trace.format.ChromeTraceValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Draining over HTTP loses nothing: bad parameters are refused before anything is taken.
 * ({@code HEAD} and a client that goes away mid-body: {@link HostGuaranteesTests}, on both
 * web stacks.)
 */
@SpringBootTest(classes = TraceSpansTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=trace-spans", "spring.application.name=drain-tests" })
class TraceSpansDrainWebTests extends DrainingWebTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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

}
