package dev.forge.trace.observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every request traced with no annotation, in a real application on a real servlet
 * container: Boot's own observations become spans, with {@code @Traced} work nested in them.
 */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=trace-spans,metrics")
class ObservationSpansTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	private Client client;

	@BeforeEach
	void drain() {
		this.client = new Client(this.port);
		this.trace.flush();
	}

	@Test
	void aRequestIsASpanWithTheTracedServiceNestedInIt() {
		assertThat(this.client.get("/things/7").statusCode()).isEqualTo(200);
		List<SpanRecord> spans = settled(2);
		SpanRecord request = named(spans, "http get /things/{id}");
		SpanRecord service = named(spans, "ThingService.find");
		assertThat(service.parentId()).isEqualTo(request.id());
		assertThat(service.rootId()).isEqualTo(request.rootId()).isEqualTo(request.id());
		JsonNode attributes = request.attributes();
		assertThat(attributes.get("method").asString()).isEqualTo("GET");
		assertThat(attributes.get("status").asString()).isEqualTo("200");
		assertThat(attributes.get("uri").asString()).isEqualTo("/things/{id}");
		assertThat(request.result()).isNull();
		long requestEnd = request.startEpochNanos() + request.durationNanos();
		long serviceEnd = service.startEpochNanos() + service.durationNanos();
		assertThat(service.startEpochNanos()).isGreaterThanOrEqualTo(request.startEpochNanos());
		assertThat(serviceEnd).isLessThanOrEqualTo(requestEnd);
	}

	@Test
	void aRestClientCallIsAClientSpanInsideTheRequestAndTheCalledRequestIsAServerSpan() {
		assertThat(this.client.get("/relay/3?port=" + this.port).statusCode()).isEqualTo(200);
		List<SpanRecord> spans = settled(4);
		SpanRecord relay = named(spans, "http get /relay/{id}");
		SpanRecord call = spans.stream().filter((s) -> s.name().startsWith("http get") && s.parentId() == relay.id())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no client span inside the relay: " + spans));
		assertThat(call.attributes().toString()).contains("/things/{id}");
		SpanRecord called = named(spans, "http get /things/{id}");
		assertThat(named(spans, "ThingService.find").parentId()).isEqualTo(called.id());
		assertThat(call.startEpochNanos()).isGreaterThanOrEqualTo(relay.startEpochNanos());
	}

	@Test
	void failuresAreRecordedAsErrorsAlsoWhenAnExceptionHandlerAnswered() {
		assertThat(this.client.get("/boom").statusCode()).isEqualTo(500);
		assertThat(this.client.get("/handled").statusCode()).isEqualTo(503);
		assertThat(this.client.get("/missing").statusCode()).isEqualTo(404);
		List<SpanRecord> spans = settled(3);
		SpanRecord boom = named(spans, "http get /boom");
		assertThat(boom.result().get("error").asString()).contains("boom");
		assertThat(boom.result().get("exception").asString()).isEqualTo(IllegalStateException.class.getName());
		SpanRecord handled = named(spans, "http get /handled");
		assertThat(handled.result().get("error").asString()).isEqualTo("HTTP 503");
		assertThat(handled.result().get("status").asInt()).isEqualTo(503);
		SpanRecord missing = named(spans, "http get /missing");
		assertThat(missing.attributes().get("status").asString()).isEqualTo("404");
		assertThat(missing.result()).isNull();
		assertThat(this.trace.statsByName()).filteredOn((s) -> s.name().equals("http get /handled"))
			.singleElement()
			.satisfies((s) -> assertThat(s.errors()).isEqualTo(1));
	}

	@Test
	void scheduledTasksAreTraced() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.trace.statsByName().stream().anyMatch((s) -> s.name().contains("tick")));
	}

	@Test
	void drainsAndViewsOfTheEndpointLeaveNoSpansOfTheirOwn() {
		for (int i = 0; i < 5; i++) {
			this.client.get("/actuator/trace-spans");
			this.client.get("/actuator/trace-spans/stats");
		}
		assertThat(this.trace.flush()).noneMatch((span) -> span.name().contains("actuator"))
			.noneMatch((span) -> span.attributes() != null && span.attributes().toString().contains("actuator"));
	}

	@Test
	void aSecretInTheQueryStringIsNeverShown() {
		assertThat(this.client.get("/things/1?token=s3cr3t-value").statusCode()).isEqualTo(200);
		List<SpanRecord> spans = settled(2);
		assertThat(spans).allSatisfy((span) -> assertThat(span.toString()).doesNotContain("s3cr3t-value"));
	}

	/** The spans of the requests just made, once the server has ended them all. */
	private List<SpanRecord> settled(int atLeast) {
		List<SpanRecord> spans = new ArrayList<>();
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.trace.flush().stream().filter((span) -> !span.name().contains("tick")).forEach(spans::add);
			return spans.size() >= atLeast && this.trace.activeSpans().stream()
				.noneMatch((span) -> span.name().startsWith("http"));
		});
		spans.addAll(this.trace.flush().stream().filter((span) -> !span.name().contains("tick")).toList());
		return spans;
	}

	private static SpanRecord named(List<SpanRecord> spans, String name) {
		return spans.stream().filter((span) -> span.name().equals(name)).findFirst()
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
	}

}
