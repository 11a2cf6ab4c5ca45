package dev.forge.trace.export;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.forge.trace.TraceOptions;
import dev.forge.trace.RemoteParent;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.actuate.TraceSpansDelivery;
import dev.forge.trace.actuate.TraceSpansEndpoint;
import dev.forge.trace.actuate.TraceSpansViewFormat;
import dev.forge.trace.export.http.HttpSpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * The drainer against a real loopback HTTP receiver, healthy and failing in each of the
 * ways a backend fails.
 */
class ExportDrainerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ExportSettings FAST = new ExportSettings(Duration.ofMillis(50), 100, 1_000, 3,
			Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5));

	@Test
	void everySpanReachesTheBackendOnceAndIsNotAlsoDrainedByAGet() throws Exception {
		TraceService trace = new TraceService();
		try (Receiver receiver = new Receiver((n) -> 200, 0, null);
				ExportDrainer drainer = new ExportDrainer(trace, List.of(http(receiver.url(), Duration.ofSeconds(2))),
						FAST)) {
			for (int i = 0; i < 1_000; i++) {
				trace.end(trace.start("work", Map.of("i", i)));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> drainer.stats().get(0).exported() == 1_000);
			Set<Integer> seen = new HashSet<>();
			for (String body : receiver.bodies) {
				for (JsonNode record : JSON.readTree(body)) {
					assertThat(seen.add(record.get("attributes").get("i").asInt())).isTrue();
					assertThat(record.propertyNames()).containsExactly("id", "name", "started_at", "duration_ms",
							"attributes");
				}
			}
			assertThat(seen).hasSize(1_000);
			assertThat(trace.flush()).isEmpty();
			assertThat(trace.stats().flushed()).isEqualTo(1_000);
		}
	}

	@Test
	void tracesFollowTheCallersSamplingDecisionAheadOfTailSampling() throws Exception {
		TraceService trace = new TraceService();
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		try (Receiver receiver = new Receiver((n) -> 200, 0, null);
				ExportDrainer drainer = new ExportDrainer(trace, List.of(http(receiver.url(), Duration.ofSeconds(2))),
						FAST, new ExportSampling(0.0, 0, Duration.ofSeconds(10)))) {
			// Not sampled upstream: recorded here, not exported, the flag counted.
			long unsampled = trace.startRemoteChild("unsampled",
					null, RemoteParent.fromTraceparent("00-" + traceId + "-00f067aa0ba902b7-00", null));
			trace.end(unsampled);
			// Sampled upstream: exported although probability 0 would leave an ordinary trace out.
			long sampled = trace.startRemoteChild("sampled", null,
					RemoteParent.fromTraceparent("00-" + traceId + "-00f067aa0ba902b8-01", null));
			trace.end(sampled);
			trace.end(trace.start("local ordinary"));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				ExporterStats stats = drainer.stats().get(0);
				assertThat(stats.exported()).isEqualTo(1);
				assertThat(stats.sampledOut()).isEqualTo(2);
			});
			List<String> names = new java.util.ArrayList<>();
			for (String body : receiver.bodies) {
				JSON.readTree(body).forEach((record) -> names.add(record.get("name").asString()));
			}
			assertThat(names).containsExactly("sampled");
			assertThat(trace.recent()).extracting(SpanRecord::name).contains("unsampled", "sampled");
		}
	}

	static Stream<Arguments> failures() {
		return Stream.of(
				// name, status of each request, delay, Retry-After, expected cause, retried?
				Arguments.of("answers 500", 500, 0L, null, "http_500", false),
				Arguments.of("answers 400", 400, 0L, null, "http_400", false),
				Arguments.of("answers 503 with Retry-After", 503, 0L, "0", "http_503", true),
				Arguments.of("is slower than the timeout", 200, 600L, null, "timeout", true));
	}

	@ParameterizedTest(name = "a backend that {0}")
	@MethodSource("failures")
	void aFailingBackendNeverSlowsTheApplicationAndEverySpanIsAccountedFor(String name, int status, long delay,
			String retryAfter, String cause, boolean retried) throws Exception {
		TraceService trace = new TraceService();
		try (Receiver receiver = new Receiver((n) -> status, delay, retryAfter);
				ExportDrainer drainer = new ExportDrainer(trace,
						List.of(http(receiver.url(), Duration.ofMillis(300))), FAST)) {
			for (int i = 0; i < 50; i++) {
				trace.end(trace.start("work"));
			}
			drainer.drain();
			await().atMost(Duration.ofSeconds(20)).until(() -> drainer.stats().get(0).queued() == 0
					&& drainer.stats().get(0).dropped() + drainer.stats().get(0).exported() >= 50);
			ExporterStats stats = drainer.stats().get(0);
			assertThat(stats.droppedByCause()).containsKey(cause);
			assertThat(stats.exported() + stats.dropped() + stats.queued() + trace.stats().buffered())
				.isEqualTo(trace.stats().finished());
			// One batch: retried up to maxAttempts only where retrying can help.
			assertThat(receiver.requests.get()).isEqualTo(retried ? FAST.maxAttempts() : 1);
		}
	}

	/**
	 * Whatever a backend does happens on the sender's thread: with the sender held inside a
	 * send until the test lets it go, the application still starts, ends and drains, and
	 * what the queue cannot hold is dropped and counted. Waiting for the sender would hang
	 * here until the preemptive timeout, however fast or slow the machine is.
	 */
	@Test
	void startEndAndDrainNeverWaitForABackendThatHangs() throws Exception {
		CountDownLatch sending = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		SpanExporter hanging = new SpanExporter() {

			@Override
			public String name() {
				return "hanging";
			}

			@Override
			public void export(List<SpanRecord> spans) {
				sending.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}

		};
		ExportSettings settings = new ExportSettings(Duration.ofMillis(20), 100, 1_000, 1, Duration.ofMillis(5),
				Duration.ofMillis(5), Duration.ofSeconds(5));
		TraceService trace = new TraceService();
		try (ExportDrainer drainer = new ExportDrainer(trace, List.of(hanging), settings)) {
			trace.end(trace.start("first"));
			drainer.drain();
			assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
			try {
				assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
					for (int i = 0; i < 100_000; i++) {
						trace.end(trace.start("work"));
						if (i % 1_000 == 0) {
							drainer.drain();
						}
					}
					drainer.drain();
				}, "start, end or drain waited for the sender");
				ExporterStats stats = drainer.stats().get(0);
				assertThat(stats.exported()).isZero();
				assertThat(stats.queued()).isLessThanOrEqualTo(settings.maxQueuedSpans());
				assertThat(stats.droppedByCause().get("queue_full")).isGreaterThan(90_000L);
				assertThat(stats.dropped() + stats.queued() + trace.stats().buffered())
					.isEqualTo(trace.stats().finished());
			}
			finally {
				release.countDown();
			}
		}
	}

	@Test
	void theStatsViewShowsWhatEachExporterDid() throws Exception {
		TraceService trace = new TraceService();
		try (Receiver receiver = new Receiver((n) -> 400, 0, null);
				ExportDrainer drainer = new ExportDrainer(trace, List.of(http(receiver.url(), Duration.ofSeconds(2))),
						FAST)) {
			trace.end(trace.start("rejected"));
			drainer.drain();
			await().atMost(Duration.ofSeconds(5)).until(() -> drainer.stats().get(0).dropped() == 1);
			TraceSpansEndpoint endpoint = new TraceSpansEndpoint(trace, "app", TraceSpansDelivery.IMMEDIATE,
					drainer::stats);
			WebEndpointResponse<?> answer = (WebEndpointResponse<?>) endpoint.view(TraceSpansViewFormat.JSON, "stats",
					null, null, null, null, null, null, null, null, null, null);
			JsonNode stats = JSON.valueToTree(answer.getBody());
			JsonNode http = stats.get("exporters").get(0);
			assertThat(http.get("exporter").asString()).isEqualTo("http");
			assertThat(http.get("dropped_by_cause").get("http_400").asLong()).isEqualTo(1);
			assertThat(http.get("exported").asLong()).isZero();
		}
	}

	@Test
	void aBackendThatIsDownIsRetriedThenItsSpansAreDroppedAndCounted() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		TraceService trace = new TraceService();
		try (ExportDrainer drainer = new ExportDrainer(trace,
				List.of(http("http://127.0.0.1:" + closedPort + "/spans", Duration.ofMillis(300))), FAST)) {
			for (int i = 0; i < 20; i++) {
				trace.end(trace.start("work"));
			}
			drainer.drain();
			await().atMost(Duration.ofSeconds(10)).until(() -> drainer.stats().get(0).dropped() == 20);
			assertThat(drainer.stats().get(0).droppedByCause()).containsEntry("connect", 20L);
			assertThat(drainer.stats().get(0).failedAttempts()).isEqualTo(FAST.maxAttempts());
		}
	}

	@Test
	void memoryStaysBoundedWhileTheBackendIsDown() throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(100_000).build());
		ExportSettings small = new ExportSettings(Duration.ofMillis(20), 50, 200, 1_000, Duration.ofMillis(100),
				Duration.ofMillis(100), Duration.ofMillis(100));
		try (Receiver receiver = new Receiver((n) -> 503, 0, null);
				ExportDrainer drainer = new ExportDrainer(trace, List.of(http(receiver.url(), Duration.ofSeconds(1))),
						small)) {
			for (int i = 0; i < 10_000; i++) {
				trace.end(trace.start("work"));
				if (i % 1000 == 0) {
					drainer.drain();
					assertThat(drainer.stats().get(0).queued()).isLessThanOrEqualTo(200);
				}
			}
			drainer.drain();
			ExporterStats stats = drainer.stats().get(0);
			assertThat(stats.queued()).isLessThanOrEqualTo(200);
			assertThat(stats.droppedByCause().get("queue_full")).isGreaterThan(9_000L);
			assertThat(stats.exported() + stats.dropped() + stats.queued()).isEqualTo(10_000);
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void failuresAreLoggedAtMostOncePerIntervalPerExporter(CapturedOutput output) throws Exception {
		ExportSettings hourly = new ExportSettings(Duration.ofHours(1), 10, 1_000, 2, Duration.ofMillis(5),
				Duration.ofMillis(5), Duration.ofSeconds(5));
		TraceService trace = new TraceService();
		try (Receiver receiver = new Receiver((n) -> 503, 0, null);
				ExportDrainer drainer = new ExportDrainer(trace, List.of(http(receiver.url(), Duration.ofSeconds(2))),
						hourly)) {
			for (int i = 0; i < 50; i++) {
				trace.end(trace.start("work"));
			}
			drainer.drain();
			await().atMost(Duration.ofSeconds(10)).until(() -> drainer.stats().get(0).dropped() == 50);
			assertThat(receiver.requests.get()).isEqualTo(10);
			assertThat(drainer.stats().get(0).failedAttempts()).isEqualTo(10);
		}
		assertThat(output.getAll().split("Span exporter 'http'", -1)).hasSize(2);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void shutdownSaysHowManySpansItCouldNotSend(CapturedOutput output) throws Exception {
		ExportSettings quickShutdown = new ExportSettings(Duration.ofHours(1), 10, 1_000, 1, Duration.ofMillis(5),
				Duration.ofMillis(5), Duration.ofMillis(200));
		TraceService trace = new TraceService();
		try (Receiver slow = new Receiver((n) -> 200, 3_000, null)) {
			ExportDrainer drainer = new ExportDrainer(trace, List.of(http(slow.url(), Duration.ofSeconds(10))),
					quickShutdown);
			for (int i = 0; i < 30; i++) {
				trace.end(trace.start("work"));
			}
			drainer.close();
			ExporterStats stats = drainer.stats().get(0);
			assertThat(stats.exported()).isZero();
			assertThat(stats.droppedByCause()).containsEntry("shutdown", 30L);
			assertThat(output.getAll())
				.contains("Span exporter 'http' could not send 30 spans before the shutdown timeout");
		}
	}

	@Test
	void shutdownReturnsWithinItsTimeoutWhateverTheExportersDo() throws Exception {
		ExportSettings oneSecond = new ExportSettings(Duration.ofHours(1), 10, 1_000, 1, Duration.ofMillis(5),
				Duration.ofMillis(5), Duration.ofSeconds(1));
		TraceService trace = new TraceService();
		CountDownLatch sending = new CountDownLatch(3);
		List<SpanExporter> hanging = Stream.of("a", "b", "c").map((name) -> (SpanExporter) new SpanExporter() {

			@Override
			public String name() {
				return name;
			}

			@Override
			public void export(List<SpanRecord> spans) {
				sending.countDown();
				sleepThroughInterrupts(20_000); // a backend that hangs, in a client deaf to interrupts
			}

			@Override
			public void close() {
				sleepThroughInterrupts(20_000);
			}

		}).toList();
		ExportDrainer drainer = new ExportDrainer(trace, hanging, oneSecond);
		for (int i = 0; i < 30; i++) {
			trace.end(trace.start("work"));
		}
		drainer.drain();
		assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
		long began = System.nanoTime();
		drainer.close();
		// Before: the timeout, a second more per exporter, and each close in full (over a minute here).
		assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofMillis(2_500));
		assertThat(drainer.stats()).allSatisfy((stats) -> {
			assertThat(stats.droppedByCause()).containsEntry("shutdown", 30L);
			assertThat(stats.exported()).isZero();
		});
	}

	private static void sleepThroughInterrupts(long millis) {
		long end = System.nanoTime() + millis * 1_000_000;
		while (System.nanoTime() < end) {
			try {
				Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
			}
			catch (InterruptedException ex) {
				// Deaf to it, as some clients are.
			}
		}
	}

	@Test
	void spansFinishedJustBeforeShutdownReachTheBackend() throws Exception {
		TraceService trace = new TraceService();
		ExportSettings slowInterval = new ExportSettings(Duration.ofHours(1), 100, 1_000, 3, Duration.ofMillis(20),
				Duration.ofMillis(200), Duration.ofSeconds(5));
		try (Receiver receiver = new Receiver((n) -> 200, 0, null)) {
			ExportDrainer drainer = new ExportDrainer(trace, List.of(http(receiver.url(), Duration.ofSeconds(2))),
					slowInterval);
			for (int i = 0; i < 250; i++) {
				trace.end(trace.start("last"));
			}
			drainer.close();
			int received = 0;
			for (String body : receiver.bodies) {
				received += JSON.readTree(body).size();
			}
			assertThat(received).isEqualTo(250);
		}
	}

	private static HttpSpanExporter http(String url, Duration timeout) {
		return new HttpSpanExporter(new HttpPost(URI.create(url), Map.of(), timeout));
	}

}
