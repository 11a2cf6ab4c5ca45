package dev.forge.trace.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import dev.forge.trace.actuate.TraceMetrics;
import dev.forge.trace.actuate.TraceSpansEndpoint;
import dev.forge.trace.aop.TracedAnnotationBeanPostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TraceAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class));

	@Test
	void bindsSlowThresholdsForTheBufferToKeep() {
		this.contextRunner
			.withPropertyValues("trace.keep.slow-threshold=250ms", "trace.keep.slow-thresholds.[http get /owners]=1s")
			.run((context) -> {
				TraceOptions options = context.getBean(TraceService.class).options();
				assertThat(options.slowThreshold()).isEqualTo(Duration.ofMillis(250));
				assertThat(options.slowThresholds()).containsEntry("http get /owners", Duration.ofSeconds(1));
			});
	}

	@Test
	void registersTraceServiceWithDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TraceService.class);
			TraceService trace = context.getBean(TraceService.class);
			assertThat(trace.options().maxFinishedSpans()).isEqualTo(10_000);
			assertThat(trace.options().maxActiveSpans()).isEqualTo(10_000);
			assertThat(trace.start("first")).isEqualTo(1);
		});
	}

	@Test
	void bindsLimitsAndMaskedKeysFromProperties() {
		this.contextRunner
			.withPropertyValues("trace.max-finished-spans=2", "trace.max-active-spans=3", "trace.max-name-length=5",
					"trace.max-value-length=100", "trace.max-value-depth=2", "trace.masked-keys=ssn,iban",
					"trace.max-stats-names=7")
			.run((context) -> {
				TraceService trace = context.getBean(TraceService.class);
				assertThat(trace.options().maxActiveSpans()).isEqualTo(3);
				assertThat(trace.options().maxValueLength()).isEqualTo(100);
				assertThat(trace.options().maxValueDepth()).isEqualTo(2);
				assertThat(trace.options().maxStatsNames()).isEqualTo(7);
				assertThat(trace.options().maskedKeys()).contains("ssn", "iban", "password");
				assertThat(trace.instant("abcdefgh", Map.of("userSsn", "1", "n", 1)).toString())
					.contains("abcd\u2026", "******");
				trace.instant("b");
				trace.instant("c");
				assertThat(trace.stats().evicted()).isEqualTo(1);
			});
	}

	@Test
	void invalidLimitsFailTheStartupWithAClearMessage() {
		this.contextRunner.withPropertyValues("trace.max-finished-spans=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("trace.max-finished-spans must be at least 1"));
	}

	@Test
	void disabledKeepsATraceServiceThatRecordsNothingAndTurnsEverythingElseOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceAopAutoConfiguration.class,
					TraceMetricsAutoConfiguration.class, TraceSpansEndpointAutoConfiguration.class))
			.withPropertyValues("trace.enabled=false", "management.endpoints.web.exposure.include=*")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TraceService.class);
				assertThat(context).doesNotHaveBean(TracedAnnotationBeanPostProcessor.class)
					.doesNotHaveBean(TraceMetrics.class)
					.doesNotHaveBean(TraceSpansEndpoint.class);
				TraceService trace = context.getBean(TraceService.class);
				// Code that traces by hand keeps running, and nothing is recorded.
				long id = trace.start("work", Map.of("k", "v"));
				assertThat(id).isZero();
				assertThat(trace.end(id, "result").id()).isZero();
				assertThat(trace.end(42).durationMs()).isZero();
				assertThat(trace.instant("event").name()).isEmpty();
				assertThat(trace.inSpan("scoped", null, () -> "value")).isEqualTo("value");
				try (TraceScope scope = trace.openScope("scope", null)) {
					assertThat(scope.id()).isZero();
					assertThat(trace.currentSpanId()).isZero();
				}
				assertThat(trace.flush()).isEmpty();
				assertThat(trace.activeSpans()).isEmpty();
				assertThat(trace.statsByName()).isEmpty();
				assertThat(trace.stats().started()).isZero();
				assertThat(trace.stats().finished()).isZero();
				assertThat(trace.info().status()).isEqualTo("disabled");
			});
	}

	@Test
	void backsOffWhenTheUserDefinesATraceService() {
		this.contextRunner.withUserConfiguration(CustomTraceServiceConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TraceService.class);
			assertThat(context.getBean(TraceService.class)).isSameAs(context.getBean("customTraceService"));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomTraceServiceConfiguration {

		@Bean
		TraceService customTraceService() {
			return new TraceService();
		}

	}

}
