package dev.forge.trace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the sample over HTTP and reads its spans back from /actuator/trace-spans, as a
 * user would: no access to the application's beans.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.traffic.enabled=false")
class SampleApplicationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@BeforeEach
	void drain() throws Exception {
		drainSpans();
	}

	@Test
	void registeringAndFindingAUserIsTracedWithMaskedPasswordAndACacheMiss() throws Exception {
		HttpResponse<String> registered = post("/users", "{\"email\":\"ada@example.com\",\"password\":\"hunter2\"}");
		assertThat(registered.statusCode()).isEqualTo(201);
		long id = JSON.readTree(registered.body()).get("id").asLong();
		assertThat(get("/users/" + id).statusCode()).isEqualTo(200);
		assertThat(get("/users/" + id).statusCode()).isEqualTo(200);
		List<JsonNode> spans = drainSpans();
		assertThat(spans).extracting(this::name)
			.containsExactly("UserService.register", "cache_miss", "UserService.find", "UserService.find");
		assertThat(spans.get(0).get("attributes").toString())
			.isEqualTo("{\"email\":\"ada@example.com\",\"password\":\"******\"}");
		assertThat(spans.get(0).has("result")).isFalse();
		assertThat(spans.get(1).get("duration_ms").asDouble()).isZero();
		assertThat(spans.get(1).get("attributes")).isEqualTo(JSON.readTree("{\"cache\":\"users\",\"userId\":" + id + "}"));
		assertThat(spans.get(2).get("attributes").toString()).isEqualTo("{\"userId\":" + id + "}");
		assertThat(spans).allSatisfy((span) -> assertThat(span.toString()).doesNotContain("hunter2"));
	}

	@Test
	void placingAnOrderRecordsNestedSpansWithTheInventoryLatencyAsALowerBound() throws Exception {
		long user = registerUser("bob@example.com");
		HttpResponse<String> placed = post("/orders", "{\"userId\":" + user + ",\"item\":\"book\",\"quantity\":2}");
		assertThat(placed.statusCode()).isEqualTo(201);
		JsonNode order = JSON.readTree(placed.body());
		List<JsonNode> spans = drainSpans();
		assertThat(spans).extracting(this::name)
			.containsExactly("cache_miss", "UserService.find", "inventory.reserve", "orders.place");
		JsonNode reserve = spans.get(2);
		JsonNode place = spans.get(3);
		assertThat(reserve.get("attributes").toString()).isEqualTo("{\"item\":\"book\",\"quantity\":2}");
		assertThat(reserve.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(InventoryClient.LATENCY_MILLIS);
		assertThat(place.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(reserve.get("duration_ms").asDouble());
		assertThat(place.get("attributes").toString())
			.isEqualTo("{\"userId\":" + user + ",\"item\":\"book\",\"quantity\":2}");
		assertThat(place.get("result")).isEqualTo(order);
	}

	@Test
	void failingCallsRecordTheErrorWhileTheHttpResponseIsUnaffected() throws Exception {
		long user = registerUser("eve@example.com");
		HttpResponse<String> badOrder = post("/orders", "{\"userId\":" + user + ",\"item\":\"pen\",\"quantity\":0}");
		assertThat(badOrder.statusCode()).isEqualTo(400);
		assertThat(JSON.readTree(badOrder.body()).get("error").asString())
			.isEqualTo("quantity must be at least 1, was 0");
		HttpResponse<String> missing = get("/users/999");
		assertThat(missing.statusCode()).isEqualTo(404);
		List<JsonNode> spans = drainSpans();
		assertThat(spans).extracting(this::name).containsExactly("orders.place", "cache_miss", "UserService.find");
		assertThat(spans.get(0).get("result").toString()).isEqualTo(
				"{\"error\":\"quantity must be at least 1, was 0\",\"exception\":\"java.lang.IllegalArgumentException\"}");
		assertThat(spans.get(2).get("result").toString()).isEqualTo(
				"{\"error\":\"No user 999\",\"exception\":\"dev.forge.trace.sample.UserNotFoundException\"}");
	}

	@Test
	void aCompletableFutureSpanEndsWhenTheReceiptIsReady() throws Exception {
		long user = registerUser("fay@example.com");
		long order = JSON.readTree(post("/orders", "{\"userId\":" + user + ",\"item\":\"lamp\",\"quantity\":3}").body())
			.get("id")
			.asLong();
		drainSpans();
		HttpResponse<String> receipt = get("/orders/" + order + "/receipt");
		assertThat(receipt.statusCode()).isEqualTo(200);
		// The span ends in a callback of the future, which may run just after the response.
		List<JsonNode> spans = drainSpans();
		for (int attempt = 0; attempt < 50 && spans.isEmpty(); attempt++) {
			Thread.sleep(20);
			spans = drainSpans();
		}
		assertThat(spans).singleElement().satisfies((span) -> {
			assertThat(name(span)).isEqualTo("orders.receipt");
			assertThat(span.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(OrderService.RECEIPT_DELAY_MILLIS);
			assertThat(span.get("result")).isEqualTo(JSON.readTree(receipt.body()));
			assertThat(span.get("result").get("total").asInt()).isEqualTo(30);
		});
	}

	@Test
	void aMonoSpanStartsOnSubscriptionAndRecordsTheQuote() throws Exception {
		HttpResponse<String> quote = get("/quotes/desk");
		assertThat(quote.statusCode()).isEqualTo(200);
		List<JsonNode> spans = drainSpans();
		assertThat(spans).singleElement().satisfies((span) -> {
			assertThat(name(span)).isEqualTo("orders.quote");
			assertThat(span.get("attributes").toString()).isEqualTo("{\"item\":\"desk\"}");
			assertThat(span.get("duration_ms").asDouble()).isGreaterThanOrEqualTo(OrderService.QUOTE_DELAY_MILLIS);
			assertThat(span.get("result")).isEqualTo(JSON.readTree(quote.body()));
		});
	}

	@Test
	void theReportIsTracedByHandWithStartAndEnd() throws Exception {
		HttpResponse<String> report = get("/report");
		assertThat(report.statusCode()).isEqualTo(200);
		List<JsonNode> spans = drainSpans();
		assertThat(spans).singleElement().satisfies((span) -> {
			assertThat(name(span)).isEqualTo("report.build");
			assertThat(span.get("attributes").toString()).isEqualTo("{\"kind\":\"orders\"}");
			assertThat(span.get("result")).isEqualTo(JSON.readTree(report.body()));
		});
	}

	@Test
	void everyRequestIsASpanWithItsTracedWorkNestedInside() throws Exception {
		long user = registerUser("nest@example.com");
		drainSpans();
		assertThat(post("/orders", "{\"userId\":" + user + ",\"item\":\"cup\",\"quantity\":1}").statusCode())
			.isEqualTo(201);
		// The request's span ends just after its response: drain until it is there.
		List<JsonNode> events = new ArrayList<>();
		for (int attempt = 0; attempt < 50 && events.stream().noneMatch(this::isRequest); attempt++) {
			JSON.readTree(get("/actuator/trace-spans?format=chrome-trace").body())
				.get("traceEvents")
				.forEach((event) -> {
					if (!event.get("ph").asString().equals("M")) {
						events.add(event);
					}
				});
			Thread.sleep(20);
		}
		JsonNode request = events.stream().filter((e) -> name(e).equals("http post /orders")).findFirst().orElseThrow();
		JsonNode place = events.stream().filter((e) -> name(e).equals("orders.place")).findFirst().orElseThrow();
		JsonNode reserve = events.stream().filter((e) -> name(e).equals("inventory.reserve")).findFirst().orElseThrow();
		String requestId = request.get("args").get("id").asString();
		assertThat(place.get("args").get("parent_id").asString()).isEqualTo(requestId);
		assertThat(reserve.get("args").get("parent_id").asString()).isEqualTo(place.get("args").get("id").asString());
		assertThat(reserve.get("args").get("root_id").asString()).isEqualTo(requestId);
		assertThat(request.get("args").get("attributes").get("status").asString()).isEqualTo("201");
		assertThat(request.get("ts").asLong()).isLessThanOrEqualTo(place.get("ts").asLong());
		assertThat(request.get("ts").asLong() + request.get("dur").asLong())
			.isGreaterThanOrEqualTo(place.get("ts").asLong() + place.get("dur").asLong());
	}

	@Test
	void parallelRequestsWhileAnotherClientDrainsDeliverEveryRequestsSpansExactlyOnce() throws Exception {
		long user = registerUser("load@example.com");
		get("/users/" + user);
		drainSpans();
		int requests = 400;
		ExecutorService pool = Executors.newFixedThreadPool(8);
		AtomicBoolean sending = new AtomicBoolean(true);
		Map<String, Integer> placed = new HashMap<>();
		Map<String, Integer> reserved = new HashMap<>();
		try {
			Future<List<JsonNode>> drainer = Executors.newSingleThreadExecutor().submit(() -> {
				List<JsonNode> seen = new ArrayList<>();
				while (sending.get()) {
					seen.addAll(drainSpans());
				}
				return seen;
			});
			List<Future<Integer>> responses = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				String item = "item-" + i;
				responses.add(pool.submit(() -> post("/orders",
						"{\"userId\":" + user + ",\"item\":\"" + item + "\",\"quantity\":1}").statusCode()));
			}
			for (Future<Integer> response : responses) {
				assertThat(response.get()).isEqualTo(201);
			}
			sending.set(false);
			List<JsonNode> spans = new ArrayList<>(drainer.get());
			spans.addAll(drainSpans());
			for (JsonNode span : spans) {
				String item = span.get("attributes").path("item").asString("");
				if (name(span).equals("orders.place")) {
					placed.merge(item, 1, Integer::sum);
				}
				else if (name(span).equals("inventory.reserve")) {
					reserved.merge(item, 1, Integer::sum);
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(placed).hasSize(requests).allSatisfy((item, count) -> assertThat(count).isEqualTo(1));
		assertThat(reserved).hasSize(requests).allSatisfy((item, count) -> assertThat(count).isEqualTo(1));
	}

	private long registerUser(String email) throws Exception {
		long id = JSON.readTree(post("/users", "{\"email\":\"" + email + "\",\"password\":\"pw\"}").body())
			.get("id")
			.asLong();
		drainSpans();
		return id;
	}

	/**
	 * Drains, leaving out the spans of the HTTP requests themselves: a request's span ends
	 * once its response is written, so it may land in this drain or the next.
	 */
	private List<JsonNode> drainSpans() throws Exception {
		HttpResponse<String> response = get("/actuator/trace-spans");
		assertThat(response.statusCode()).isEqualTo(200);
		List<JsonNode> spans = new ArrayList<>();
		JSON.readTree(response.body()).forEach((span) -> {
			if (!isRequest(span)) {
				spans.add(span);
			}
		});
		return spans;
	}

	private boolean isRequest(JsonNode span) {
		return name(span).startsWith("http ");
	}

	private String name(JsonNode span) {
		return span.get("name").asString();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String json) throws Exception {
		return this.client.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
