package dev.forge.trace.autoconfigure;

import java.util.List;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log lines written while a span is current carry its ids: SLF4J's MDC holds
 * {@code traceId} and {@code spanId}, and Spring Boot's default console pattern shows
 * them with no configuration, as with Micrometer Tracing.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogCorrelationTests {

	@Test
	void aLogLineOfATracedMethodCarriesTheTraceIdOfItsRecord(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run()) {
			context.getBean(Checkout.class).checkout();
			SpanRecord record = context.getBean(TraceService.class).flush().get(0);
			String line = output.getOut()
				.lines()
				.filter((candidate) -> candidate.contains("checking out"))
				.findFirst()
				.orElseThrow();
			assertThat(line).contains("[" + record.traceId() + "-" + record.spanId() + "]");
			// Restored when the span stops being current.
			assertThat(MDC.get("traceId")).isNull();
			assertThat(MDC.get("spanId")).isNull();
		}
	}

	@Test
	void nestedSpansShowTheirOwnSpanIdAndTheMdcIsRestoredAfterTheOutermost() {
		TraceService trace = new TraceService();
		MDC.put("traceId", "upstream");
		try {
			String outerSpan;
			try (var outer = trace.openScope("outer", null)) {
				outerSpan = MDC.get("spanId");
				assertThat(MDC.get("traceId")).isEqualTo(trace.currentTraceId());
				try (var inner = trace.openScope("inner", null)) {
					assertThat(MDC.get("spanId")).isNotEqualTo(outerSpan);
					assertThat(MDC.get("traceId")).isEqualTo(trace.currentTraceId());
				}
				assertThat(MDC.get("spanId")).isEqualTo(outerSpan);
			}
			List<SpanRecord> records = trace.flush();
			assertThat(outerSpan).isEqualTo(records.get(records.size() - 1).spanId());
			assertThat(MDC.get("traceId")).isEqualTo("upstream");
			assertThat(MDC.get("spanId")).isNull();
		}
		finally {
			MDC.clear();
		}
	}

	@Test
	void turnedOffNothingGoesIntoTheMdcOrThePattern(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("--trace.log-correlation.enabled=false")) {
			context.getBean(Checkout.class).checkout();
			String line = output.getOut()
				.lines()
				.filter((candidate) -> candidate.contains("checking out"))
				.findFirst()
				.orElseThrow();
			String traceId = context.getBean(TraceService.class).flush().get(0).traceId();
			assertThat(line).doesNotContain(traceId);
			assertThat(context.getEnvironment().containsProperty("logging.expect-correlation-id")).isFalse();
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(App.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ TraceAutoConfiguration.class, TraceAopAutoConfiguration.class })
	static class App {

		@Bean
		Checkout checkout() {
			return new Checkout();
		}

	}

	static class Checkout {

		private static final Logger logger = LoggerFactory.getLogger(Checkout.class);

		@Traced
		public void checkout() {
			logger.info("checking out");
		}

	}

}
