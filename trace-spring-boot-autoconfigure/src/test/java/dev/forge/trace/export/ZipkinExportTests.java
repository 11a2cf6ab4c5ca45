package dev.forge.trace.export;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import dev.forge.trace.SpanErrors;
import dev.forge.trace.SpanKind;
import dev.forge.trace.TraceIds;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import dev.forge.trace.autoconfigure.TraceAopAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceExportAutoConfiguration;
import dev.forge.trace.export.zipkin.ZipkinSpanExporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spans exported to a real Zipkin server and read back through Zipkin's own query API.
 */
class ZipkinExportTests {

	private static ZipkinServer zipkin;

	@BeforeAll
	static void startZipkin() throws Exception {
		zipkin = new ZipkinServer();
	}

	@AfterAll
	static void stopZipkin() throws Exception {
		zipkin.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "json", "proto3" })
	void nestedTracedSpansArriveAsOneTraceWithParentsNamesTagsErrorsAndDurations(String encoding) {
		String service = "checkout-" + encoding;
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceAopAutoConfiguration.class,
					TraceExportAutoConfiguration.class))
			.withUserConfiguration(ExportBeans.class)
			.withPropertyValues("trace.export.zipkin.endpoint=" + zipkin.url("/api/v2/spans"),
					"trace.export.zipkin.encoding=" + encoding, "trace.export.interval=100ms",
					"spring.application.name=" + service)
			.run((context) -> {
				assertThat(context).hasSingleBean(ZipkinSpanExporter.class).hasSingleBean(ExportDrainer.class);
				context.getBean(ExportBeans.Checkout.class).checkout("c-1", 250);
				ExportDrainer drainer = context.getBean(ExportDrainer.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> drainer.stats().get(0).exported() == 3);
				JsonNode traces = await().atMost(Duration.ofSeconds(20)).until(
						() -> zipkin.json("/api/v2/traces?serviceName=" + service + "&limit=10"),
						(found) -> found.size() == 1 && found.get(0).size() == 2);
				Map<String, JsonNode> byName = new HashMap<>();
				traces.get(0).forEach((span) -> byName.put(span.get("name").asString(), span));
				JsonNode checkout = byName.get("checkout");
				JsonNode charge = byName.get("payments.charge");
				// Ids as TraceIds makes them: the span id is the checkout's local id mixed, and the
				// trace id is its root's, 128 random-looking bits of this tracer's own.
				TraceIds ids = context.getBean(TraceService.class).traceIds();
				long rootId = LongStream.rangeClosed(1, 10_000)
					.filter((id) -> ids.spanIdHex(id).equals(checkout.get("id").asString()))
					.findFirst()
					.orElseThrow();
				assertThat(checkout.get("traceId").asString()).isEqualTo(ids.traceIdHex(rootId))
					.isEqualTo(charge.get("traceId").asString())
					.doesNotContain(SpanIds.hex(rootId));
				assertThat(checkout.has("parentId")).isFalse();
				assertThat(charge.get("parentId").asString()).isEqualTo(checkout.get("id").asString());
				assertThat(checkout.get("localEndpoint").get("serviceName").asString()).isEqualTo(service);
				assertThat(checkout.get("tags").get("cart").asString()).isEqualTo("c-1");
				assertThat(checkout.get("tags").get("amount").asString()).isEqualTo("250");
				assertThat(checkout.has("annotations")).isTrue();
				assertThat(checkout.get("annotations").get(0).get("value").asString()).isEqualTo("cart.validated");
				assertThat(charge.get("tags").get("error").asString()).isEqualTo("card declined");
				assertThat(charge.get("duration").asLong()).isGreaterThanOrEqualTo(3_000);
				assertThat(checkout.get("duration").asLong()).isGreaterThanOrEqualTo(charge.get("duration").asLong());
				// The drain stays one stream: what the exporter took is not left for a GET.
				assertThat(context.getBean(TraceService.class).flush()).isEmpty();
			});
	}

	@Test
	void withProbabilityZeroExactlyTheFailedAndSlowTracesReachZipkinEachComplete() {
		String service = "sampled";
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceExportAutoConfiguration.class))
			.withPropertyValues("trace.export.zipkin.endpoint=" + zipkin.url("/api/v2/spans"),
					"trace.export.interval=100ms", "trace.export.sampling.probability=0",
					"trace.keep.slow-threshold=100ms", "spring.application.name=" + service)
			.run((context) -> {
				TraceService trace = context.getBean(TraceService.class);
				Set<Long> expected = new HashSet<>();
				// 500 ordinary traces, and among them 5 failing and 5 slower than the threshold.
				for (int i = 0; i < 500; i++) {
					request(trace, "ordinary", null, 0);
					if (i % 100 == 50) {
						expected.add(request(trace, "failing", SpanErrors.of(new IllegalStateException("boom")), 0));
						expected.add(request(trace, "slow", null, 150));
					}
				}
				ExportDrainer drainer = context.getBean(ExportDrainer.class);
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					ExporterStats stats = drainer.stats().get(0);
					assertThat(stats.exported()).isEqualTo(30);
					assertThat(stats.sampledOut()).isEqualTo(1_500);
					assertThat(stats.exported() + stats.dropped() + stats.queued() + stats.sampledOut())
						.isEqualTo(1_530);
				});
				assertThat(drainer.waitingForRoot()).isZero();
				JsonNode traces = await().atMost(Duration.ofSeconds(20))
					.until(() -> zipkin.json("/api/v2/traces?serviceName=" + service + "&limit=100"),
							(found) -> found.size() == 10 && found.valueStream().allMatch((spans) -> spans.size() == 3));
				Set<String> names = new HashSet<>();
				traces.forEach((spans) -> spans.forEach((span) -> names.add(span.get("name").asString())));
				assertThat(names).containsExactlyInAnyOrder("failing", "slow", "query", "render");
				assertThat(expected).hasSize(10);
			});
	}

	@Test
	void serverClientProducerAndConsumerSpansArriveWithTheirKindsAndInternalOnesWithNone() {
		String service = "kinds";
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceExportAutoConfiguration.class))
			.withPropertyValues("trace.export.zipkin.endpoint=" + zipkin.url("/api/v2/spans"),
					"trace.export.interval=100ms", "spring.application.name=" + service)
			.run((context) -> {
				TraceService trace = context.getBean(TraceService.class);
				// As the observation bridge ends them: a request that calls out and sends a message,
				// and the message's handling.
				try (TraceScope request = trace.openScope("request", null)) {
					for (SpanKind kind : SpanKind.values()) {
						if (kind != SpanKind.SERVER) {
							String name = kind.name().toLowerCase(Locale.ROOT);
							trace.end(trace.start(name), name, null, null, kind);
						}
					}
					trace.end(trace.start("server"), "server", null, null, SpanKind.SERVER);
				}
				JsonNode traces = await().atMost(Duration.ofSeconds(20))
					.until(() -> zipkin.json("/api/v2/traces?serviceName=" + service + "&limit=10"),
							(found) -> found.size() == 1 && found.get(0).size() == 6);
				Map<String, String> kinds = new HashMap<>();
				traces.get(0).forEach((span) -> kinds.put(span.get("name").asString(),
						span.has("kind") ? span.get("kind").asString() : "none"));
				assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.of("request", "none", "internal", "none",
						"server", "SERVER", "client", "CLIENT", "producer", "PRODUCER", "consumer", "CONSUMER"));
			});
	}

	private static long request(TraceService trace, String name, Object result, long sleepMillis) {
		try (TraceScope request = trace.openScope(name, null)) {
			trace.end(trace.start("query"));
			trace.end(trace.start("render"));
			if (sleepMillis > 0) {
				Thread.sleep(sleepMillis);
			}
			request.setResult(result);
			return request.id();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
