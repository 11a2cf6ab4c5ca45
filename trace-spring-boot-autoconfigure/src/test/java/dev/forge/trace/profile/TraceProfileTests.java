package dev.forge.trace.profile;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import dev.forge.trace.KeptTrace;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real server, with the JDK's flight recorder streamed in-process: a kept trace's
 * profile says where its time went, by span, and a recording of the user's own runs beside.
 */
@SpringBootTest(classes = TraceProfileTests.ProfiledApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "trace.profile.enabled=true", "trace.keep.slow-threshold=100ms",
				"management.endpoints.web.exposure.include=trace-spans" })
class TraceProfileTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Test
	void aSlowRequestsProfileHasItsSleepAndTheMethodThatBurnedTheCpu() throws Exception {
		assertThat(get("/slow")).isEqualTo("done");
		KeptTrace kept = kept("http get /slow");
		SpanRecord sleepy = span(kept, "Work.sleepy");
		SpanRecord busy = span(kept, "Work.busy");
		JsonNode profile = profile(kept, (json) -> hasWait(json, "sleep") && samplesNaming(json, "Work.busy") >= 3);
		assertThat(profile.get("trace_id").asString()).isEqualTo(kept.root().traceId());
		assertThat(profile.get("period_ms").asDouble()).isEqualTo(20.0);
		JsonNode sleep = wait(profile, "sleep");
		assertThat(sleep.get("duration_ms").asDouble()).isBetween(280.0, 400.0);
		assertThat(sleep.get("span_id").asString()).isEqualTo(sleepy.spanId());
		assertThat(sleep.get("stack").toString()).contains(Work.class.getName() + ".sleepy");
		assertThat(samplesNaming(profile, "Work.busy")).isGreaterThanOrEqualTo(3);
		profile.get("cpu").forEach((stack) -> {
			if (stack.get("stack").toString().contains(".burn")) {
				assertThat(stack.get("span_id").asString()).isEqualTo(busy.spanId());
			}
		});
		// Outermost frame first: the thread's run method before the busy method.
		JsonNode burning = stackNaming(profile, "Work.busy");
		assertThat(burning.get(0).asString()).doesNotContain("Work.");
		assertThat(burning.get(burning.size() - 1).asString()).doesNotContain("Thread.run");
		String collapsed = get("/actuator/trace-spans/traces/" + kept.root().id() + "/profile?format=collapsed");
		assertThat(collapsed.lines()).anySatisfy((line) -> assertThat(line).contains(Work.class.getName() + ".busy")
			.matches("[^ ]+(;[^ ]+)* \\d+"));
		// What the profiler took in and kept, and the trace id finds the profile too.
		JsonNode stats = JsonMapper.shared().readTree(get("/actuator/trace-spans/profiler"));
		assertThat(stats.get("running").asBoolean()).isTrue();
		assertThat(stats.get("events_kept").asLong()).isPositive().isLessThanOrEqualTo(stats.get("events_seen").asLong());
		assertThat(get("/actuator/trace-spans/traces/" + kept.root().traceId() + "/profile"))
			.contains("\"trace_id\":\"" + kept.root().traceId() + "\"");
	}

	@Test
	void aLockHeldElsewhereASlowSocketAndAForcedGcShowWithTheirKindAndSpan() throws Exception {
		assertThat(get("/blocked")).isEqualTo("done");
		KeptTrace kept = kept("http get /blocked");
		JsonNode profile = profile(kept,
				(json) -> hasWait(json, "monitor-enter") && hasWait(json, "socket-read") && hasWait(json, "gc"));
		assertThat(wait(profile, "monitor-enter").get("span_id").asString())
			.isEqualTo(span(kept, "Work.locked").spanId());
		assertThat(wait(profile, "monitor-enter").get("stack").toString()).contains(Work.class.getName() + ".locked");
		assertThat(wait(profile, "socket-read").get("span_id").asString()).isEqualTo(span(kept, "Work.read").spanId());
		assertThat(wait(profile, "socket-read").get("duration_ms").asDouble()).isGreaterThanOrEqualTo(100.0);
		assertThat(wait(profile, "gc").get("span_id").asString()).isEqualTo(kept.root().spanId());
	}

	@Test
	void aStackDeeperThanTheRecorderKeepsStartsWithAFrameThatSaysItIsTruncated() throws Exception {
		assertThat(get("/deep")).isEqualTo("done");
		KeptTrace kept = kept("http get /deep");
		JsonNode profile = profile(kept, (json) -> samplesNaming(json, "Work.burnDeep") >= 1);
		assertThat(profile.get("cpu").valueStream().filter((stack) -> stack.get("stack").toString().contains("Work.burnDeep")))
			.isNotEmpty()
			.allSatisfy((stack) -> {
				assertThat(stack.get("stack").get(0).asString()).isEqualTo(TraceProfile.TRUNCATED);
				assertThat(stack.get("stack").get(stack.get("stack").size() - 1).asString()).isNotEqualTo(TraceProfile.TRUNCATED);
			});
		assertThat(get("/actuator/trace-spans/traces/" + kept.root().id() + "/profile?format=collapsed"))
			.contains(TraceProfile.TRUNCATED + ";");
	}

	@Test
	void aRecordingOfTheUsersOwnRunsBesideAndKeepsItsEvents(@TempDir Path dir) throws Exception {
		try (Recording own = new Recording()) {
			own.enable("jdk.ThreadSleep").withThreshold(Duration.ofMillis(10));
			own.start();
			assertThat(get("/slow")).isEqualTo("done");
			profile(kept("http get /slow"), (json) -> hasWait(json, "sleep"));
			own.stop();
			Path file = dir.resolve("own.jfr");
			own.dump(file);
			assertThat(RecordingFile.readAllEvents(file))
				.anySatisfy((event) -> assertThat(event.getEventType().getName()).isEqualTo("jdk.ThreadSleep"));
			assertThat(Files.size(file)).isPositive();
		}
		// The profiler's own recording went on.
		assertThat(get("/slow")).isEqualTo("done");
	}

	private KeptTrace kept(String name) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> this.trace.keptTraces()
				.stream()
				.filter((kept) -> kept.rootName().equals(name))
				.findFirst()
				.orElse(null), (kept) -> kept != null);
	}

	private JsonNode profile(KeptTrace kept, Predicate<JsonNode> complete) {
		// The recorder hands its events over about once a second.
		return await().atMost(Duration.ofSeconds(20))
			.until(() -> JsonMapper.shared()
				.readTree(get("/actuator/trace-spans/traces/" + kept.root().id() + "/profile")), complete::test);
	}

	private static SpanRecord span(KeptTrace kept, String name) {
		return kept.records().stream().filter((record) -> record.name().equals(name)).findFirst().orElseThrow();
	}

	private static boolean hasWait(JsonNode profile, String kind) {
		return profile.has("waits")
				&& profile.get("waits").valueStream().anyMatch((wait) -> wait.get("kind").asString().equals(kind));
	}

	private static JsonNode wait(JsonNode profile, String kind) {
		return profile.get("waits")
			.valueStream()
			.filter((wait) -> wait.get("kind").asString().equals(kind))
			.findFirst()
			.orElseThrow();
	}

	private static long samplesNaming(JsonNode profile, String method) {
		if (!profile.has("cpu")) {
			return 0;
		}
		return profile.get("cpu")
			.valueStream()
			.filter((stack) -> stack.get("stack").toString().contains(method))
			.mapToLong((stack) -> stack.get("samples").asLong())
			.sum();
	}

	private static JsonNode stackNaming(JsonNode profile, String method) {
		return profile.get("cpu")
			.valueStream()
			.filter((stack) -> stack.get("stack").toString().contains(method))
			.findFirst()
			.orElseThrow()
			.get("stack");
	}

	private String get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Work.class, Pages.class })
	static class ProfiledApplication {

	}

	@RestController
	static class Pages {

		private final Work work;

		Pages(Work work) {
			this.work = work;
		}

		@GetMapping("/slow")
		String slow() throws Exception {
			this.work.sleepy();
			this.work.busy();
			return "done";
		}

		@GetMapping("/deep")
		String deep() {
			this.work.deep();
			return "done";
		}

		@GetMapping("/blocked")
		String blocked() throws Exception {
			this.work.locked();
			this.work.read();
			this.work.collect();
			return "done";
		}

	}

	static class Work {

		private final Object lock = new Object();

		@Traced
		public void sleepy() throws InterruptedException {
			Thread.sleep(300);
		}

		@Traced
		public long busy() {
			return CpuWork.burn(400);
		}

		/** Burns CPU 100 frames below itself: deeper than the recorder's 64 frames. */
		@Traced
		public long deep() {
			return burnDeep(100);
		}

		private static long burnDeep(int depth) {
			return (depth == 0) ? CpuWork.burn(200) : burnDeep(depth - 1) + 1;
		}

		/** Waits 150 ms for a monitor another thread holds. */
		@Traced
		public void locked() throws InterruptedException {
			Waits.enterMonitorHeldElsewhere(this.lock, 150);
		}

		/** Reads from a local socket that answers after 150 ms. */
		@Traced
		public int read() throws Exception {
			return Waits.readFromSlowSocket(150);
		}

		@Traced
		public void collect() {
			System.gc();
		}

	}

}
