package dev.forge.trace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Sends a few requests to the running sample once it is ready, so spans are waiting at
 * {@code /actuator/trace-spans} right away. Off with {@code sample.traffic.enabled=false}.
 */
@Component
@ConditionalOnBooleanProperty("sample.traffic.enabled")
class SampleTraffic {

	private static final Log logger = LogFactory.getLog(SampleTraffic.class);

	private final HttpClient client = HttpClient.newHttpClient();

	private int port;

	@EventListener
	void sendSampleTraffic(ApplicationReadyEvent event) throws Exception {
		this.port = event.getApplicationContext().getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		List<HttpRequest> requests = List.of(
				post("/users", "{\"email\":\"ada@example.com\",\"password\":\"hunter2\"}"),
				post("/orders", "{\"userId\":1,\"item\":\"book\",\"quantity\":2}"),
				post("/orders", "{\"userId\":1,\"item\":\"pen\",\"quantity\":0}"), get("/users/1"), get("/users/42"),
				get("/orders/1/receipt"), get("/quotes/book"), get("/report"));
		for (HttpRequest request : requests) {
			this.client.send(request, HttpResponse.BodyHandlers.discarding());
		}
		logger.info("Sent " + requests.size() + " sample requests; see the spans with: curl localhost:" + this.port
				+ "/actuator/trace-spans");
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(uri(path)).build();
	}

	private HttpRequest post(String path, String json) {
		return HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
