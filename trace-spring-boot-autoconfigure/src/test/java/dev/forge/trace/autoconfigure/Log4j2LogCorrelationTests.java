package dev.forge.trace.autoconfigure;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.log4j2.Log4J2LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log correlation in an application of {@code spring-boot-starter-log4j2}: Log4j 2 asks
 * for the ids when it makes an event. Run by the {@code log4j2} surefire execution, on a
 * classpath without Logback.
 */
@ExtendWith(OutputCaptureExtension.class)
class Log4j2LogCorrelationTests {

	@Test
	void bootsDefaultPatternShowsTheIdsOfTheCurrentSpan(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(LoggingSystem.get(getClass().getClassLoader())).isInstanceOf(Log4J2LoggingSystem.class);
			context.getBean(Checkout.class).checkout();
			SpanRecord record = context.getBean(TraceService.class).flush().get(0);
			assertThat(line(output)).contains("[" + record.traceId() + "-" + record.spanId() + "]");
			Checkout.logger.info("outside any span");
			assertThat(output.getOut().lines().filter((line) -> line.contains("outside any span")).findFirst())
				.hasValueSatisfying((line) -> assertThat(line).doesNotContain(record.traceId()));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ecs", "logstash" })
	void structuredLogLinesCarryTheIds(String format, CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("--logging.structured.format.console=" + format)) {
			context.getBean(Checkout.class).checkout();
			SpanRecord record = context.getBean(TraceService.class).flush().get(0);
			JsonNode json = JsonMapper.shared().readTree(line(output));
			assertThat(json.path("traceId").asString()).isEqualTo(record.traceId());
			assertThat(json.path("spanId").asString()).isEqualTo(record.spanId());
		}
	}

	private static String line(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains("checking out")).findFirst().orElseThrow();
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

		static final Logger logger = LoggerFactory.getLogger(Checkout.class);

		@Traced
		public void checkout() {
			logger.info("checking out");
		}

	}

}
