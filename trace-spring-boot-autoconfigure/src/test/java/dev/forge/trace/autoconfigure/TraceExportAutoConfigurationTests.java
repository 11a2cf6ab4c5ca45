package dev.forge.trace.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.actuate.ExportMetrics;
import dev.forge.trace.export.ExportDrainer;
import dev.forge.trace.export.SpanExporter;
import dev.forge.trace.export.file.FileSpanExporter;
import dev.forge.trace.export.http.HttpSpanExporter;
import dev.forge.trace.export.log.LoggingSpanExporter;
import dev.forge.trace.export.otlp.OtlpSpanExporter;
import dev.forge.trace.export.zipkin.ZipkinSpanExporter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TraceExportAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TraceAutoConfiguration.class, TraceExportAutoConfiguration.class,
					TraceMetricsAutoConfiguration.class));

	@Test
	void nothingIsExportedUntilAnExporterIsConfigured() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ExportDrainer.class)
			.doesNotHaveBean(SpanExporter.class));
	}

	@Test
	void eachExporterIsOnWhenItsPropertyIsSet() {
		this.contextRunner
			.withPropertyValues("trace.export.zipkin.endpoint=http://127.0.0.1:1/api/v2/spans",
					"trace.export.otlp.endpoint=http://127.0.0.1:1/v1/traces", "trace.export.http.url=http://127.0.0.1:1/",
					"trace.export.file.path=target/export-test/spans.jsonl", "trace.export.log.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(ZipkinSpanExporter.class)
					.hasSingleBean(OtlpSpanExporter.class)
					.hasSingleBean(HttpSpanExporter.class)
					.hasSingleBean(FileSpanExporter.class)
					.hasSingleBean(LoggingSpanExporter.class)
					.hasSingleBean(ExportDrainer.class)
					.hasSingleBean(ExportMetrics.class);
				assertThat(context.getBean(ExportDrainer.class).stats()).extracting((s) -> s.exporter())
					.containsExactlyInAnyOrder("zipkin", "otlp", "http", "file", "log");
			});
	}

	@Test
	void zipkinAndOtlpSetWithoutTheirLibrariesStopStartupNamingBoth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("zipkin2.", "io.opentelemetry.exporter."))
			.withPropertyValues("trace.export.zipkin.endpoint=http://127.0.0.1:1/api/v2/spans",
					"trace.export.otlp.endpoint=http://127.0.0.1:1/v1/traces")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("io.zipkin.reporter2:zipkin-reporter")
				.hasMessageContaining("io.opentelemetry:opentelemetry-exporter-otlp"));
	}

	@Test
	void aSpanExporterBeanOfTheUsersOwnIsDrivenTooAndItsMetersArePublished() {
		this.contextRunner.withUserConfiguration(OwnExporter.class)
			.withPropertyValues("trace.export.interval=50ms")
			.run((context) -> {
				TraceService trace = context.getBean(TraceService.class);
				trace.end(trace.start("mine"));
				List<SpanRecord> received = context.getBean(OwnExporter.class).received;
				await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
				SimpleMeterRegistry meters = new SimpleMeterRegistry();
				context.getBean(ExportMetrics.class).bindTo(meters);
				assertThat(meters.get("trace.export.spans.exported").tag("exporter", "own").functionCounter().count())
					.isEqualTo(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnExporter {

		final List<SpanRecord> received = new CopyOnWriteArrayList<>();

		@Bean
		SpanExporter ownExporter() {
			return new SpanExporter() {

				@Override
				public String name() {
					return "own";
				}

				@Override
				public void export(List<SpanRecord> spans) {
					OwnExporter.this.received.addAll(spans);
				}

			};
		}

	}

}
