package dev.forge.trace.export;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.export.FaultServer.Fault;
import dev.forge.trace.export.http.HttpSpanExporter;
import dev.forge.trace.export.otlp.OtlpSpanExporter;
import dev.forge.trace.export.zipkin.ZipkinSpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * What a backend can do to the exporters' transport, for every exporter that posts: a
 * response body of gigabytes is never held, a response that trickles is cut by the
 * timeout, and whatever an exporter throws costs one batch, never the exporter's worker.
 */
class ExportTransportTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	static Stream<Arguments> exporters() {
		BiFunction<String, Duration, SpanExporter> http = (url, timeout) -> new HttpSpanExporter(
				new HttpPost(URI.create(url), Map.of(), timeout));
		BiFunction<String, Duration, SpanExporter> zipkin = (url, timeout) -> new ZipkinSpanExporter(
				new HttpPost(URI.create(url), Map.of(), timeout), "fault-test");
		BiFunction<String, Duration, SpanExporter> otlp = (url, timeout) -> new OtlpSpanExporter(URI.create(url),
				Map.of(), "none", timeout, "fault-test");
		return Stream.of(Arguments.of("http", http), Arguments.of("zipkin", zipkin), Arguments.of("otlp", otlp));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("exporters")
	void aHugeSuccessfulResponseBodyIsDeliveredWithoutBeingRead(String name,
			BiFunction<String, Duration, SpanExporter> exporter) throws Exception {
		try (FaultServer server = new FaultServer(Fault.HUGE_OK_BODY)) {
			long start = System.nanoTime();
			exporter.apply(server.url(), Duration.ofSeconds(30)).export(spans());
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
			await().atMost(Duration.ofSeconds(10)).until(() -> server.clientsGone.get() == 1);
			// Of 3 GB, what the socket buffers took before the client hung up.
			assertThat(server.bodyBytesWritten.get()).isLessThan(64L << 20);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("exporters")
	void aHugeErrorResponseBodyGivesAShortMessage(String name, BiFunction<String, Duration, SpanExporter> exporter)
			throws Exception {
		try (FaultServer server = new FaultServer(Fault.HUGE_ERROR_BODY)) {
			assertThatExceptionOfType(ExportException.class)
				.isThrownBy(() -> exporter.apply(server.url(), Duration.ofSeconds(30)).export(spans()))
				.satisfies((ex) -> {
					assertThat(ex.getCauseName()).isEqualTo("http_500");
					assertThat(ex.isRetryable()).isFalse();
					assertThat(ex.getMessage()).contains("answered 500: eeee").hasSizeLessThan(400);
				});
			await().atMost(Duration.ofSeconds(10)).until(() -> server.clientsGone.get() == 1);
			assertThat(server.bodyBytesWritten.get()).isLessThan(64L << 20);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("exporters")
	void theTimeoutBoundsTheWholeExchangeResponseBodyIncluded(String name,
			BiFunction<String, Duration, SpanExporter> exporter) throws Exception {
		try (FaultServer server = new FaultServer(Fault.TRICKLE)) {
			long start = System.nanoTime();
			assertThatExceptionOfType(ExportException.class)
				.isThrownBy(() -> exporter.apply(server.url(), TIMEOUT).export(spans()))
				.satisfies((ex) -> {
					assertThat(ex.getCauseName()).isEqualTo("timeout");
					assertThat(ex.isRetryable()).isTrue();
				});
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(4));
			assertThat(server.bodyBytesWritten.get()).isPositive();
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aTricklingBackendIsRetriedThenDroppedAndLoggedAndLaterBatchesStillGo(CapturedOutput output)
			throws Exception {
		ExportSettings settings = new ExportSettings(Duration.ofMillis(50), 100, 1_000, 2, Duration.ofMillis(10),
				Duration.ofMillis(10), Duration.ofSeconds(5));
		TraceService trace = new TraceService();
		try (FaultServer server = new FaultServer(Fault.TRICKLE);
				ExportDrainer drainer = new ExportDrainer(trace,
						List.of(new HttpSpanExporter(new HttpPost(URI.create(server.url()), Map.of(), TIMEOUT))),
						settings)) {
			trace.end(trace.start("first"));
			await().atMost(Duration.ofSeconds(15)).until(() -> drainer.stats().get(0).dropped() == 1);
			trace.end(trace.start("second"));
			await().atMost(Duration.ofSeconds(15)).until(() -> drainer.stats().get(0).dropped() == 2);
			ExporterStats stats = drainer.stats().get(0);
			assertThat(stats.droppedByCause()).containsEntry("timeout", 2L);
			assertThat(stats.failedAttempts()).isEqualTo(4);
			assertThat(stats.queued()).isZero();
			assertThat(output.getAll()).contains("Span exporter 'http'").contains("took longer than PT1S");
		}
	}

	static Stream<Arguments> throwables() {
		return Stream.of(Arguments.of(new NoClassDefFoundError("zipkin2/Span")),
				Arguments.of(new IllegalArgumentException("bound must be positive")),
				Arguments.of(new StackOverflowError()), Arguments.of(new OutOfMemoryError("Java heap space")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("throwables")
	void whateverAnExporterThrowsCostsOneBatchAndTheWorkerKeepsRunning(Throwable thrown) throws Exception {
		AtomicInteger calls = new AtomicInteger();
		SpanExporter flaky = new SpanExporter() {

			@Override
			public String name() {
				return "flaky";
			}

			@Override
			public void export(List<SpanRecord> spans) throws Exception {
				if (calls.getAndIncrement() == 0) {
					if (thrown instanceof Error error) {
						throw error;
					}
					throw (Exception) thrown;
				}
			}

		};
		TraceService trace = new TraceService();
		ExportSettings settings = new ExportSettings(Duration.ofHours(1), 10, 1_000, 3, Duration.ofMillis(10),
				Duration.ofMillis(10), Duration.ofSeconds(5));
		try (ExportDrainer drainer = new ExportDrainer(trace, List.of(flaky), settings)) {
			for (int i = 0; i < 30; i++) {
				trace.end(trace.start("work"));
			}
			drainer.drain();
			await().atMost(Duration.ofSeconds(10)).until(() -> drainer.stats().get(0).queued() == 0);
			ExporterStats stats = drainer.stats().get(0);
			assertThat(stats.droppedByCause()).containsExactly(Map.entry(thrown.getClass().getSimpleName(), 10L));
			assertThat(stats.exported()).isEqualTo(20);
			assertThat(stats.exported() + stats.dropped() + stats.queued()).isEqualTo(30);
		}
	}

	@Test
	void theSendTimerMeasuresAttemptsNotTheWaitsBetweenThem() throws Exception {
		SpanExporter failing = new SpanExporter() {

			@Override
			public String name() {
				return "down";
			}

			@Override
			public void export(List<SpanRecord> spans) {
				throw ExportException.retryable("connect", "refused", null);
			}

		};
		ExportSettings settings = new ExportSettings(Duration.ofHours(1), 10, 1_000, 4, Duration.ofMillis(300),
				Duration.ofMillis(300), Duration.ofSeconds(5));
		TraceService trace = new TraceService();
		try (ExportDrainer drainer = new ExportDrainer(trace, List.of(failing), settings)) {
			trace.end(trace.start("work"));
			drainer.drain();
			await().atMost(Duration.ofSeconds(10)).until(() -> drainer.stats().get(0).dropped() == 1);
			ExporterStats stats = drainer.stats().get(0);
			assertThat(stats.sends()).isEqualTo(4);
			// Three waits of at least 150 ms each (jittered from 300) lie between the attempts.
			assertThat(Duration.ofNanos(stats.sendNanos())).isLessThan(Duration.ofMillis(300));
		}
	}

	@Test
	void settingsThatCannotWorkAreRejected() {
		Duration second = Duration.ofSeconds(1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExportSettings(second, 1, 1, 1, second, Duration.ofSeconds(-1), second))
			.withMessage("maxBackoff must be a positive duration, was PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExportSettings(Duration.ZERO, 1, 1, 1, second, second, second))
			.withMessageContaining("interval");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExportSettings(second, 0, 1, 1, second, second, second))
			.withMessage("maxBatch must be at least 1, was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ExportSettings(second, 1, 0, 1, second, second, second))
			.withMessageContaining("maxQueuedSpans");
	}

	private static List<SpanRecord> spans() {
		TraceService trace = new TraceService();
		trace.end(trace.start("work", Map.of("n", 1)));
		return trace.flush();
	}

}
