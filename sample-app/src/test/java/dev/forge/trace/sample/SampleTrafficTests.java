package dev.forge.trace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With its defaults the sample sends itself some traffic at startup, so a new user finds
 * spans waiting.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleTrafficTests {

	@LocalServerPort
	private int port;

	@Test
	void spansAreWaitingRightAfterStartup() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/trace-spans")).build(),
					HttpResponse.BodyHandlers.ofString());
		JsonNode spans = JsonMapper.builder().build().readTree(response.body());
		assertThat(spans.size()).isGreaterThanOrEqualTo(10);
		assertThat(spans.toString()).contains("\"name\":\"orders.place\"", "\"name\":\"cache_miss\"",
				"\"name\":\"orders.receipt\"", "\"name\":\"orders.quote\"", "\"name\":\"report.build\"",
				"\"exception\":\"dev.forge.trace.sample.UserNotFoundException\"");
	}

}
