package dev.forge.trace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Test
	void greetingRequestIsTraced() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/greet?name=Ada")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("Hello, Ada!");
		List<SpanRecord> spans = this.trace.flush();
		assertThat(spans).singleElement().satisfies((span) -> {
			assertThat(span.name()).isEqualTo("greet");
			assertThat(span.attributes().get("name").asString()).isEqualTo("Ada");
			assertThat(span.result().get("length").asInt()).isEqualTo(11);
		});
	}

}
