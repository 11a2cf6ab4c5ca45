package dev.forge.trace.autoconfigure;

import java.util.stream.Stream;

import dev.forge.trace.TraceService;
import dev.forge.trace.export.ExportDrainer;
import dev.forge.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A {@code trace.*} value that cannot work stops startup with Spring Boot's failure report,
 * which names the property, the value and what is accepted; an empty exporter value means
 * the exporter is off.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationFailureTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TraceAutoConfiguration.class, TraceExportAutoConfiguration.class));

	static Stream<Arguments> badValues() {
		return Stream.of(
				// property, value, the value as the report shows it (converted), what is accepted
				Arguments.of("trace.export.interval", "0", "PT0S", "must be a positive duration, such as 2s"),
				Arguments.of("trace.export.interval", "-1s", "PT-1S", "must be a positive duration, such as 2s"),
				Arguments.of("trace.export.timeout", "0s", "PT0S", "must be a positive duration, such as 10s"),
				Arguments.of("trace.export.max-backoff", "-1s", "PT-1S", "must be a positive duration, such as 30s"),
				Arguments.of("trace.export.shutdown-timeout", "0ms", "PT0S", "must be a positive duration"),
				Arguments.of("trace.export.max-batch", "0", "0", "must be at least 1"),
				Arguments.of("trace.export.max-queued-spans", "0", "0", "must be at least 1"),
				Arguments.of("trace.export.max-attempts", "0", "0", "must be at least 1"),
				Arguments.of("trace.export.otlp.timeout", "0s", "PT0S", "must be a positive duration"),
				Arguments.of("trace.export.otlp.compression", "zstd", "zstd", "must be gzip or none"),
				Arguments.of("trace.export.file.max-files", "-1", "-1", "must be at least 0"),
				Arguments.of("trace.export.file.max-file-size", "0B", "0B", "must be at least 1"),
				Arguments.of("trace.export.zipkin.endpoint", "localhost:9411/api/v2/spans",
						"localhost:9411/api/v2/spans",
						"must be an http or https URL with a host, such as http://localhost:9411/api/v2/spans"),
				Arguments.of("trace.export.zipkin.endpoint", "http://bad host:9411/x", "http://bad%20host:9411/x",
						"must be an http or https URL with a host"),
				Arguments.of("trace.export.zipkin.endpoint", "ftp://zipkin/api/v2/spans", "ftp://zipkin/api/v2/spans",
						"must be an http or https URL"),
				Arguments.of("trace.export.otlp.endpoint", "/v1/traces", "/v1/traces", "must be an http or https URL"),
				Arguments.of("trace.export.http.url", "tracing.example.com", "tracing.example.com",
						"must be an http or https URL"),
				Arguments.of("trace.max-finished-spans", "-1", "-1", "must be at least 1"),
				Arguments.of("trace.max-active-spans", "0", "0", "must be at least 1"),
				Arguments.of("trace.max-value-length", "0", "0", "must be at least 1"),
				Arguments.of("trace.recent-spans", "-5", "-5", "must be at least 0"),
				Arguments.of("trace.keep.slow-threshold", "-1s", "PT-1S", "must be a positive duration, such as 500ms"),
				Arguments.of("trace.keep.max-spans-per-trace", "0", "0", "must be at least 1"),
				Arguments.of("trace.keep.window", "0s", "PT0S", "must be a positive duration, such as 10m"),
				Arguments.of("trace.export.sampling.probability", "1.5", "1.5", "must be from 0.0 to 1.0"),
				Arguments.of("trace.export.sampling.max-per-second", "0", "0", "must be at least 1"),
				Arguments.of("trace.export.sampling.decision-wait", "0s", "PT0S",
						"must be a positive duration, such as 10s"),
				// What would mean nothing useful is refused, saying what to do instead.
				Arguments.of("trace.keep.max-size", "0", "0B", "must be at least 1KB (set trace.keep.max-traces=0"),
				Arguments.of("trace.keep.max-size", "100TB", "109951162777600B",
						"must be at most the heap this JVM may use"),
				Arguments.of("trace.keep.slow-threshold", "0ms", "PT0S", "must be a positive duration, such as 500ms"),
				Arguments.of("trace.keep.slow-thresholds.[http get /owners]", "0ms", "PT0S",
						"must be a positive duration, such as 500ms"),
				Arguments.of("trace.propagation.consume", "none,w3c", "[NONE, W3C]", "must be none alone"),
				Arguments.of("trace.profile.sample-period", "0ms", "PT0S", "must be a positive duration, such as 20ms"),
				Arguments.of("trace.profile.waits", "sleep,nap", "[sleep, nap]", "must be among [sleep, park,"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@MethodSource("badValues")
	void aBadValueStopsStartupWithAReportThatNamesThePropertyTheValueAndWhatIsAccepted(String property,
			String value, String shown, String accepted, CapturedOutput output) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> {
			try (ConfigurableApplicationContext context = application.run("--" + property + "=" + value)) {
				// Started: the assertion fails.
			}
		});
		String all = output.getAll();
		assertThat(all).contains("APPLICATION FAILED TO START");
		// The report, not a page of stack trace, is what the user reads.
		String report = all.substring(all.indexOf("APPLICATION FAILED TO START"));
		assertThat(report.lines().count()).isLessThan(20);
		assertThat(report).contains("Value: \"" + shown + "\"")
			.contains("Reason: " + property + " " + accepted)
			.contains("Update your application's configuration");
	}

	static Stream<String> emptyDestinations() {
		return Stream.of("trace.export.zipkin.endpoint", "trace.export.otlp.endpoint", "trace.export.http.url",
				"trace.export.file.path");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("emptyDestinations")
	void anEmptyDestinationLeavesItsExporterOff(String property) {
		this.contextRunner.withPropertyValues(property + "=").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(SpanExporter.class).doesNotHaveBean(ExportDrainer.class);
		});
		this.contextRunner.withPropertyValues(property + "=  ").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(SpanExporter.class);
		});
	}

	@Test
	void zipkinSetWithoutItsLibraryStopsStartupNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("zipkin2."))
			.withPropertyValues("trace.export.zipkin.endpoint=http://localhost:9411/api/v2/spans")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("zipkin.endpoint")
				.hasMessageContaining("needs io.zipkin.reporter2:zipkin-reporter on the classpath"));
	}

	@Test
	void otlpSetWithoutItsLibraryStopsStartupNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.opentelemetry.exporter."))
			.withPropertyValues("trace.export.otlp.endpoint=http://localhost:4318/v1/traces")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("otlp.endpoint")
				.hasMessageContaining("needs io.opentelemetry:opentelemetry-exporter-otlp on the classpath"));
	}

	@Test
	void otlpSetWithAnOpenTelemetryOlderThanItsPublicSenderStopsStartupNamingTheVersion() {
		// OpenTelemetry before 1.59 (what Boot 4.0 manages) has the exporter but not the public sender SPI.
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("io.opentelemetry.sdk.common.export.HttpSenderProvider"))
			.withPropertyValues("trace.export.otlp.endpoint=http://localhost:4318/v1/traces")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("otlp.endpoint")
				.hasMessageContaining("needs OpenTelemetry 1.59 or later"));
	}

	@Test
	void withoutTheLibrariesAndWithoutTheirPropertiesTheApplicationStarts() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("zipkin2.", "io.opentelemetry.exporter."))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TraceService.class));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TraceAutoConfiguration.class, TraceExportAutoConfiguration.class })
	static class App {

	}

}
