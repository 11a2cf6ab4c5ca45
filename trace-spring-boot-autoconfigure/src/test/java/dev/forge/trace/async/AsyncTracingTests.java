package dev.forge.trace.async;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On a real server, work a request hands to Spring's executors stays in its trace, with
 * no configuration: {@code @Async} methods and tasks on Boot's {@code applicationTaskExecutor}.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = AsyncTracingTests.AsyncApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=trace-spans")
class AsyncTracingTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Test
	void anAsyncTracedMethodCalledByARequestIsItsChildOnAnotherThreadAndLogsItsTraceId(CapturedOutput output)
			throws Exception {
		this.trace.flush();
		assertThat(get("/mail")).isEqualTo("queued");
		List<SpanRecord> records = drained("http get /mail", "Mailer.send");
		SpanRecord request = named(records, "http get /mail");
		SpanRecord mail = named(records, "Mailer.send");
		assertThat(mail.parentId()).isEqualTo(request.id());
		assertThat(mail.traceId()).isEqualTo(request.traceId());
		assertThat(mail.threadId()).isNotEqualTo(request.threadId());
		assertThat(output.getOut().lines().filter((line) -> line.contains("sending the confirmation")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("[" + request.traceId() + "-" + mail.spanId() + "]"));
	}

	@Test
	void tasksSubmittedToTheApplicationTaskExecutorAndCompletableFutureStagesOnItAreChildrenOfTheRequest()
			throws Exception {
		this.trace.flush();
		assertThat(get("/fan-out")).isEqualTo("done");
		List<SpanRecord> records = drained("http get /fan-out", "stage two");
		SpanRecord request = named(records, "http get /fan-out");
		List<SpanRecord> work = records.stream()
			.filter((record) -> record.name().equals("submitted") || record.name().startsWith("stage"))
			.toList();
		assertThat(work).extracting(SpanRecord::name).containsExactlyInAnyOrder("submitted", "stage one", "stage two");
		assertThat(work).allSatisfy((record) -> {
			assertThat(record.parentId()).isEqualTo(request.id());
			assertThat(record.traceId()).isEqualTo(request.traceId());
			assertThat(record.threadName()).startsWith("task-");
		});
	}

	@Test
	void aTaskARequestSchedulesOnBootsTaskSchedulerIsItsChild() throws Exception {
		this.trace.flush();
		assertThat(get("/later")).isEqualTo("scheduled");
		List<SpanRecord> records = drained("http get /later", "scheduled later");
		SpanRecord request = named(records, "http get /later");
		SpanRecord later = named(records, "scheduled later");
		assertThat(later.parentId()).isEqualTo(request.id());
		assertThat(later.traceId()).isEqualTo(request.traceId());
		assertThat(later.threadName()).startsWith("scheduling-");
	}

	@Test
	void theDecoratorIsABeanBootComposesWithTheApplicationsOwn(CapturedOutput output) throws Exception {
		this.trace.flush();
		assertThat(get("/mail")).isEqualTo("queued");
		drained("http get /mail", "Mailer.send");
		assertThat(output.getOut()).contains("the application's own decorator ran");
	}

	@Test
	void scheduledRunsStayTracesOfTheirOwnWhileRequestsHandWorkOver() throws Exception {
		this.trace.flush();
		List<SpanRecord> records = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			assertThat(get("/mail")).isEqualTo("queued");
			records.addAll(this.trace.flush());
			return records.stream().filter((record) -> record.name().contains("tick")).count() >= 3;
		});
		List<SpanRecord> ticks = records.stream().filter((record) -> record.name().contains("tick")).toList();
		assertThat(ticks).allSatisfy((tick) -> assertThat(tick.parentId()).isZero());
		assertThat(ticks.stream().map(SpanRecord::traceId).distinct()).hasSameSizeAs(ticks);
		// What a run started is its own child, never a request's.
		assertThat(records).filteredOn((record) -> record.name().equals("Ticker.work")).allSatisfy((work) -> {
			SpanRecord parent = records.stream().filter((record) -> record.id() == work.parentId()).findFirst()
				.orElseThrow();
			assertThat(parent.name()).contains("tick");
		});
	}

	/**
	 * Where a hand-over is still lost (a plain executor), the page's statistics say so, per
	 * name and pool; what is its own trace on purpose (scheduled runs, startup work, what the
	 * thread that started the application does) is not listed.
	 */
	@Test
	void workOnAPlainExecutorIsListedAsAnOrphanRootAndScheduledRunsAndStartupWorkAreNot() throws Exception {
		assertThat(get("/lost")).isEqualTo("reported");
		assertThat(get("/mail")).isEqualTo("queued");
		this.trace.end(this.trace.start("test.main"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.trace.orphanRoots().stream().anyMatch((root) -> root.name().equals("Mailer.report")));
		assertThat(this.trace.orphanRoots()).singleElement().satisfies((root) -> {
			assertThat(root.name()).isEqualTo("Mailer.report");
			assertThat(root.threads()).isEqualTo("reports-#");
			assertThat(root.count()).isPositive();
		});
		String stats = get("/actuator/trace-spans/stats");
		assertThat(stats).contains("\"orphans\":[{\"name\":\"Mailer.report\",\"threads\":\"reports-#\"")
			.contains("\"last_thread\":\"reports-1\"");
	}

	private String get(String path) throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		return client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private List<SpanRecord> drained(String... names) {
		List<SpanRecord> records = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			records.addAll(this.trace.flush());
			return List.of(names)
				.stream()
				.allMatch((name) -> records.stream().anyMatch((record) -> record.name().equals(name)));
		});
		return records;
	}

	private static SpanRecord named(List<SpanRecord> records, String name) {
		return records.stream().filter((record) -> record.name().equals(name)).findFirst().orElseThrow();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	@Import({ Shop.class, Mailer.class, Ticker.class })
	static class AsyncApplication {

		/** Startup work on a thread of its own: a root, before the application is ready. */
		@Bean
		org.springframework.boot.CommandLineRunner warmUp(TraceService trace) {
			return (args) -> {
				Thread warming = new Thread(() -> trace.inSpan("warm-up", null, () -> null), "warm-up-1");
				warming.start();
				warming.join();
			};
		}

		/** The application's own decorator: Boot composes it with the tracer's. */
		@Bean
		org.springframework.core.task.TaskDecorator ownDecorator() {
			return (runnable) -> () -> {
				LoggerFactory.getLogger(AsyncApplication.class).info("the application's own decorator ran");
				runnable.run();
			};
		}

	}

	static class Ticker {

		private final TraceService trace;

		Ticker(TraceService trace) {
			this.trace = trace;
		}

		@Scheduled(fixedDelay = 20)
		void tick() {
			this.trace.inSpan("Ticker.work", null, () -> null);
		}

	}

	static class Mailer {

		private static final Logger logger = LoggerFactory.getLogger(Mailer.class);

		@Async
		@Traced
		public void send() {
			logger.info("sending the confirmation");
		}

		@Traced
		public void report() {
		}

	}

	@RestController
	static class Shop {

		private final Mailer mailer;

		private final TraceService trace;

		private final Executor executor;

		private final TaskScheduler scheduler;

		Shop(Mailer mailer, TraceService trace, @Qualifier("applicationTaskExecutor") Executor executor,
				TaskScheduler scheduler) {
			this.mailer = mailer;
			this.trace = trace;
			this.executor = executor;
			this.scheduler = scheduler;
		}

		/** A one-off task on Boot's task scheduler (built by its builder, with the decorator). */
		@GetMapping("/later")
		String later() throws Exception {
			this.scheduler.schedule(() -> this.trace.inSpan("scheduled later", null, () -> null), Instant.now()).get();
			return "scheduled";
		}

		@GetMapping("/mail")
		String mail() {
			this.mailer.send();
			return "queued";
		}

		/** A task on an executor of the application's own, not wrapped: its trace is lost. */
		@GetMapping("/lost")
		String lost() throws Exception {
			ExecutorService reports = Executors.newSingleThreadExecutor((task) -> new Thread(task, "reports-1"));
			try {
				reports.submit(this.mailer::report).get();
			}
			finally {
				reports.shutdown();
			}
			return "reported";
		}

		@GetMapping("/fan-out")
		String fanOut() throws Exception {
			CompletableFuture<Void> submitted = CompletableFuture
				.runAsync(() -> this.trace.inSpan("submitted", null, () -> null), this.executor);
			CompletableFuture<Void> stages = CompletableFuture
				.supplyAsync(() -> this.trace.inSpan("stage one", null, () -> 1), this.executor)
				.thenApplyAsync((one) -> this.trace.inSpan("stage two", null, () -> one + 1), this.executor)
				.thenAccept((two) -> {
				});
			CompletableFuture.allOf(submitted, stages).get();
			return "done";
		}

	}

}
