package dev.forge.trace.actuate;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.forge.trace.TraceService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = TraceSpansTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,trace-spans,metrics",
				"management.endpoint.trace-spans.cache.time-to-live=1h" })
@ExtendWith(OutputCaptureExtension.class)
class TraceSpansEndpointWebTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	private Http http;

	@BeforeEach
	void drainLeftovers() {
		this.http = new Http(this.port);
		this.trace.flush();
	}

	@Test
	void getDrainsAndASecondGetReturnsOnlyWhatFinishedSince() {
		long first = this.trace.end(this.trace.start("fetchUser", Map.of("userId", 42)), Map.of("status", 200)).id();
		this.trace.instant("cache_miss");
		JsonNode drained = this.http.json("/actuator/trace-spans");
		assertThat(drained.isArray()).isTrue();
		assertThat(drained).hasSize(2);
		JsonNode span = drained.get(0);
		assertThat(span.get("id").asLong()).isEqualTo(first);
		assertThat(span.get("name").asString()).isEqualTo("fetchUser");
		assertThat(span.get("started_at").isIntegralNumber()).isTrue();
		assertThat(span.get("duration_ms").isNumber()).isTrue();
		assertThat(span.get("attributes").toString()).isEqualTo("{\"userId\":42}");
		assertThat(span.get("result").toString()).isEqualTo("{\"status\":200}");
		assertThat(drained.get(1).has("attributes")).isFalse();
		assertThat(drained.get(1).has("result")).isFalse();
		this.trace.instant("later");
		// A cache time-to-live is configured: the drain must still not be cached.
		assertThat(this.http.json("/actuator/trace-spans")).singleElement()
			.satisfies((later) -> assertThat(later.get("name").asString()).isEqualTo("later"));
		assertThat(this.http.json("/actuator/trace-spans")).isEmpty();
	}

	@Test
	void actuatorMediaTypeIsServedToo() {
		this.trace.instant("v3");
		HttpResponse<String> response = this.http.get("/actuator/trace-spans",
				"application/vnd.spring-boot.actuator.v3+json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/vnd.spring-boot.actuator.v3+json"));
		assertThat(response.body()).contains("\"name\":\"v3\"");
	}

	@Test
	void limitDrainsTheOldestAndLeavesTheRest() {
		for (int i = 0; i < 5; i++) {
			this.trace.instant("event-" + i);
		}
		assertThat(this.http.json("/actuator/trace-spans?limit=2")).extracting((node) -> node.get("name").asString())
			.containsExactly("event-0", "event-1");
		assertThat(this.http.json("/actuator/trace-spans?limit=10")).extracting((node) -> node.get("name").asString())
			.containsExactly("event-2", "event-3", "event-4");
		assertThat(this.http.get("/actuator/trace-spans?limit=0").statusCode()).isEqualTo(400);
		assertThat(this.http.get("/actuator/trace-spans?limit=abc").statusCode()).isEqualTo(400);
	}

	@Test
	void aFullDefaultBufferCanBePagedThroughWithLimit() {
		for (int i = 0; i < 10_000; i++) {
			this.trace.instant("bulk", Map.of("i", i));
		}
		long newest = this.trace.instant("newest").id();
		Set<Long> ids = new HashSet<>();
		for (int page = 0; page < 4; page++) {
			JsonNode batch = this.http.json("/actuator/trace-spans?limit=2500");
			assertThat(batch).hasSize(2500);
			batch.forEach((node) -> ids.add(node.get("id").asLong()));
		}
		// The newest record took the place of the oldest.
		assertThat(ids).hasSize(10_000).contains(newest);
		assertThat(this.http.json("/actuator/trace-spans")).isEmpty();
		assertThat(this.trace.stats().evicted()).isPositive();
		assertThat(this.trace.stats().dropped()).isZero();
	}

	@Test
	void tracesWithANameAndARangeListExampleTracesFailedFirst() {
		long quick;
		try (var request = this.trace.openScope("GET /examples", null)) {
			this.trace.end(this.trace.start("example.query"));
			quick = request.id();
		}
		long failed;
		try (var request = this.trace.openScope("GET /examples", null)) {
			this.trace.end(this.trace.start("example.query"), Map.of("error", "timeout"));
			failed = request.id();
		}
		JsonNode examples = this.http.json("/actuator/trace-spans/traces?name=example.query&from=0&to=10000");
		assertThat(examples).extracting((node) -> node.get("id").asLong()).containsExactly(failed, quick);
		assertThat(this.http.json("/actuator/trace-spans/traces?name=example.query&from=10000")).isEmpty();
		assertThat(this.http.get("/actuator/trace-spans/traces?name=example.query&from=abc").statusCode())
			.isEqualTo(400);
		JsonNode stats = this.http.json("/actuator/trace-spans/stats");
		JsonNode query = stats.get("names").valueStream()
			.filter((name) -> name.get("name").asString().equals("example.query"))
			.findFirst()
			.orElseThrow();
		assertThat(query.get("p90_ms").isNumber()).isTrue();
		assertThat(query.get("histogram").valueStream().mapToLong((bucket) -> bucket.get("count").asLong()).sum())
			.isEqualTo(query.get("count").asLong());
		assertThat(query.get("histogram").get(0).has("from_ms")).isTrue();
	}

	@Test
	void activeViewListsOpenSpansWithTheirAgeWithoutDraining() {
		long open = this.trace.start("open", Map.of("apiToken", "t-123", "user", "ada"));
		this.trace.instant("finished");
		JsonNode active = this.http.json("/actuator/trace-spans/active").get("spans");
		assertThat(active).singleElement().satisfies((span) -> {
			assertThat(span.get("id").asLong()).isEqualTo(open);
			assertThat(span.get("name").asString()).isEqualTo("open");
			assertThat(span.get("age_ms").asDouble()).isGreaterThanOrEqualTo(0.0);
			assertThat(span.get("attributes").get("apiToken").asString()).isEqualTo("******");
		});
		assertThat(this.trace.stats().buffered()).isEqualTo(1);
		this.trace.end(open);
	}

	@Test
	void statsViewShowsCountersAndPerNameDurationsThatSurviveDraining() {
		for (int i = 0; i < 4; i++) {
			this.trace.end(this.trace.start("stats.fetch"));
		}
		this.trace.end(this.trace.start("stats.fetch"), Map.of("error", "timeout"));
		this.http.json("/actuator/trace-spans");
		JsonNode stats = this.http.json("/actuator/trace-spans/stats");
		JsonNode counters = stats.get("counters");
		for (String counter : List.of("started", "finished", "dropped", "evicted", "abandoned", "buffered", "active",
				"values_not_captured", "values_truncated", "flushed", "instants", "ended")) {
			assertThat(counters.has(counter)).as(counter).isTrue();
		}
		JsonNode fetch = null;
		for (JsonNode name : stats.get("names")) {
			if (name.get("name").asString().equals("stats.fetch")) {
				fetch = name;
			}
		}
		assertThat(fetch).isNotNull();
		assertThat(fetch.get("count").asLong()).isEqualTo(5);
		assertThat(fetch.get("errors").asLong()).isEqualTo(1);
		for (String field : List.of("total_ms", "mean_ms", "max_ms", "p50_ms", "p95_ms", "p99_ms")) {
			assertThat(fetch.get(field).isNumber()).as(field).isTrue();
		}
	}

	@Test
	void infoViewIsTheServiceInfo() {
		JsonNode info = this.http.json("/actuator/trace-spans/info");
		assertThat(info.get("name").asString()).isEqualTo(this.trace.info().name());
		assertThat(info.get("version").asString()).isEqualTo(this.trace.info().version());
		assertThat(info.get("status").asString()).isEqualTo("active");
		assertThat(this.http.get("/actuator/trace-spans/unknown").statusCode()).isEqualTo(404);
	}

	@Test
	void maskedValuesStayMaskedWhenDrained() {
		this.trace.end(this.trace.start("login", Map.of("password", "hunter2")), Map.of("sessionCookie", "abc"));
		String body = this.http.get("/actuator/trace-spans").body();
		assertThat(body).doesNotContain("hunter2", "abc").contains("\"password\":\"******\"",
				"\"sessionCookie\":\"******\"");
	}

	@Test
	void tracerHealthIsPublishedAsMetrics() {
		this.trace.instant("metered");
		JsonNode started = this.http.json("/actuator/metrics/trace.spans.finished");
		assertThat(started.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1.0);
		for (String meter : List.of("trace.spans.started", "trace.spans.dropped", "trace.spans.evicted", "trace.spans.abandoned",
				"trace.spans.active", "trace.spans.buffered")) {
			assertThat(this.http.get("/actuator/metrics/" + meter).statusCode()).as(meter).isEqualTo(200);
		}
	}

	@Test
	void noWarningIsLoggedForTheEndpointId(CapturedOutput output) {
		assertThat(output).doesNotContain("contains invalid characters");
	}

	@Test
	void concurrentDrainsOverHttpDeliverEverySpanToExactlyOneResponse() throws Exception {
		// Well under the 10000 buffer, even with slots reserved by idle stripes: nothing may drop.
		int producers = 2;
		int perProducer = 3_000;
		long droppedBefore = this.trace.stats().dropped();
		AtomicBoolean producing = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(producers + 3);
		List<Long> drained = new ArrayList<>();
		try {
			List<Future<?>> producerFutures = new ArrayList<>();
			for (int p = 0; p < producers; p++) {
				producerFutures.add(pool.submit(() -> {
					for (int i = 0; i < perProducer; i++) {
						this.trace.end(this.trace.start("concurrent"));
					}
				}));
			}
			List<Future<List<Long>>> drainers = new ArrayList<>();
			for (int d = 0; d < 3; d++) {
				String path = (d == 0) ? "/actuator/trace-spans?limit=300" : "/actuator/trace-spans";
				drainers.add(pool.submit(() -> {
					List<Long> ids = new ArrayList<>();
					while (producing.get()) {
						this.http.json(path).forEach((node) -> ids.add(node.get("id").asLong()));
					}
					return ids;
				}));
			}
			for (Future<?> producer : producerFutures) {
				producer.get();
			}
			producing.set(false);
			for (Future<List<Long>> drainer : drainers) {
				drained.addAll(drainer.get());
			}
		}
		finally {
			pool.shutdownNow();
		}
		this.http.json("/actuator/trace-spans").forEach((node) -> drained.add(node.get("id").asLong()));
		assertThat(this.trace.stats().dropped()).isEqualTo(droppedBefore);
		assertThat(drained).hasSize(producers * perProducer).doesNotHaveDuplicates();
	}

}
