package dev.forge.trace.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;
import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.autoconfigure.TraceAopAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceExportAutoConfiguration;
import dev.forge.trace.export.otlp.OtlpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * OTLP over HTTP, received on a loopback server and decoded with the official OTLP
 * protobuf classes (no collector can run here).
 */
class OtlpExportTests {

	@Test
	void spansArriveWithIdsParentsTimesAttributesStatusEventsAndServiceName() throws Exception {
		List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();
		List<String> headers = new CopyOnWriteArrayList<>();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/v1/traces", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
				body = gunzip(body);
			}
			headers.add(exchange.getRequestHeaders().getFirst("X-Api-Key"));
			requests.add(ExportTraceServiceRequest.parseFrom(body));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
		try {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceAopAutoConfiguration.class,
						TraceExportAutoConfiguration.class))
				.withUserConfiguration(ExportBeans.class)
				.withPropertyValues(
						"trace.export.otlp.endpoint=http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces",
						"trace.export.otlp.headers.X-Api-Key=k-123", "trace.export.otlp.compression=gzip",
						"trace.export.interval=100ms", "spring.application.name=checkout-service")
				.run((context) -> {
					assertThat(context).hasSingleBean(OtlpSpanExporter.class);
					TraceService trace = context.getBean(TraceService.class);
					context.getBean(ExportBeans.Checkout.class).checkout("c-9", 500);
					// As the observation bridge ends a server request's span.
					trace.end(trace.start("http get /orders"), "http get /orders", null, null, SpanKind.SERVER);
					trace.end(trace.start("orders send"), "orders send", null, null, SpanKind.PRODUCER);
					trace.end(trace.start("orders process"), "orders process", null, null, SpanKind.CONSUMER);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> context.getBean(ExportDrainer.class).stats().get(0).exported() == 6);
					assertThat(trace.stats().flushed()).isEqualTo(6);
				});
		}
		finally {
			server.stop(0);
		}
		assertThat(headers).containsOnly("k-123");
		Map<String, Span> byName = new HashMap<>();
		String serviceName = null;
		for (ExportTraceServiceRequest request : requests) {
			for (ResourceSpans resource : request.getResourceSpansList()) {
				for (KeyValue attribute : resource.getResource().getAttributesList()) {
					if (attribute.getKey().equals("service.name")) {
						serviceName = attribute.getValue().getStringValue();
					}
				}
				resource.getScopeSpansList().forEach((scope) -> scope.getSpansList()
					.forEach((span) -> byName.put(span.getName(), span)));
			}
		}
		assertThat(serviceName).isEqualTo("checkout-service");
		assertThat(byName).containsOnlyKeys("checkout", "payments.charge", "http get /orders", "orders send",
				"orders process");
		assertThat(byName.get("http get /orders").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(byName.get("orders send").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
		assertThat(byName.get("orders process").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CONSUMER);
		assertThat(byName.get("checkout").getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
		Span checkout = byName.get("checkout");
		Span charge = byName.get("payments.charge");
		assertThat(checkout.getTraceId().size()).isEqualTo(16);
		assertThat(charge.getTraceId()).isEqualTo(checkout.getTraceId());
		assertThat(checkout.getParentSpanId().isEmpty()).isTrue();
		assertThat(charge.getParentSpanId()).isEqualTo(checkout.getSpanId());
		assertThat(charge.getEndTimeUnixNano() - charge.getStartTimeUnixNano()).isGreaterThanOrEqualTo(3_000_000);
		assertThat(charge.getStartTimeUnixNano()).isGreaterThanOrEqualTo(checkout.getStartTimeUnixNano());
		assertThat(charge.getEndTimeUnixNano()).isLessThanOrEqualTo(checkout.getEndTimeUnixNano());
		assertThat(attribute(checkout, "cart").getStringValue()).isEqualTo("c-9");
		assertThat(attribute(checkout, "amount").getIntValue()).isEqualTo(500);
		assertThat(attribute(checkout, "thread.name").getStringValue()).isEqualTo(Thread.currentThread().getName());
		assertThat(attribute(checkout, "thread.id").getIntValue()).isPositive();
		assertThat(checkout.getEventsList()).extracting((event) -> event.getName()).containsExactly("cart.validated");
		assertThat(charge.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(charge.getStatus().getMessage()).isEqualTo("card declined");
		assertThat(checkout.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
	}

	@Test
	void anOverloadedCollectorIsRetriedAndARejectingOneIsNot() throws Exception {
		ExportSettings fast = new ExportSettings(Duration.ofHours(1), 100, 1_000, 3, Duration.ofMillis(10),
				Duration.ofMillis(50), Duration.ofSeconds(5));
		for (int status : new int[] { 503, 400 }) {
			try (Receiver receiver = new Receiver((n) -> status, 0, null)) {
				TraceService trace = new TraceService();
				OtlpSpanExporter exporter = new OtlpSpanExporter(java.net.URI.create(receiver.url()), Map.of(), "none",
						Duration.ofSeconds(2), "app");
				try (ExportDrainer drainer = new ExportDrainer(trace, List.of(exporter), fast)) {
					trace.end(trace.start("work"));
					drainer.drain();
					await().atMost(Duration.ofSeconds(10)).until(() -> drainer.stats().get(0).dropped() == 1);
					assertThat(drainer.stats().get(0).droppedByCause()).containsOnlyKeys("http_" + status);
					assertThat(receiver.requests.get()).isEqualTo((status == 503) ? 3 : 1);
				}
			}
		}
	}

	@Test
	void attributesKeepTheirJsonTypeAndAreUniqueByNameTheLastValueWinning() {
		OtlpSpanExporter exporter = new OtlpSpanExporter(java.net.URI.create("http://127.0.0.1:1/v1/traces"), Map.of(),
				"none", Duration.ofSeconds(1), "app");
		try {
			TraceService trace = new TraceService();
			Map<String, Object> attributes = new java.util.LinkedHashMap<>();
			attributes.put("thread.name", "mine");
			attributes.put("a", Map.of("b", 1));
			attributes.put("a.b", 2);
			attributes.put("ratio", 0.5);
			attributes.put("ok", true);
			attributes.put("tags", List.of("x", "y"));
			attributes.put("huge", new java.math.BigInteger("123456789012345678901234567890"));
			for (int i = 0; i < 40; i++) {
				attributes.put("k" + i, i);
			}
			attributes.put("k39", "last");
			SpanRecord record = trace.end(trace.start("work", attributes));
			io.opentelemetry.api.common.Attributes read = exporter.toSpanData(List.of(record)).get(0).getAttributes();
			Map<String, Object> byName = new HashMap<>();
			read.forEach((key, value) -> assertThat(byName.put(key.getKey(), value)).as(key.getKey()).isNull());
			assertThat(byName).hasSize(47)
				.containsEntry("thread.name", "mine")
				.containsEntry("a.b", 2L)
				.containsEntry("ratio", 0.5)
				.containsEntry("ok", true)
				.containsEntry("tags", "[\"x\",\"y\"]")
				.containsEntry("huge", "123456789012345678901234567890")
				.containsEntry("k0", 0L)
				.containsEntry("k39", "last")
				.containsEntry("thread.id", Thread.currentThread().getId());
			assertThat(read.get(io.opentelemetry.api.common.AttributeKey.longKey("k7"))).isEqualTo(7L);
			assertThat(read.size()).isEqualTo(47);
			assertThat(read.toBuilder().build().asMap()).isEqualTo(read.asMap());
		}
		finally {
			exporter.close();
		}
	}

	private static AnyValue attribute(Span span, String key) {
		return span.getAttributesList()
			.stream()
			.filter((attribute) -> attribute.getKey().equals(key))
			.map(KeyValue::getValue)
			.findFirst()
			.orElseThrow();
	}

	private static byte[] gunzip(byte[] body) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return in.readAllBytes();
		}
	}


}
