package dev.forge.trace.autoconfigure;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.log4j2.Log4J2LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

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
		try (ConfigurableApplicationContext context = CheckoutApplication.run()) {
			assertThat(LoggingSystem.get(getClass().getClassLoader())).isInstanceOf(Log4J2LoggingSystem.class);
			context.getBean(CheckoutApplication.Checkout.class).checkout();
			SpanRecord record = context.getBean(TraceService.class).flush().get(0);
			String line = CheckoutApplication.line(output);
			assertThat(line).contains("[" + record.traceId() + "-" + record.spanId() + "]");
			CheckoutApplication.Checkout.logger.info("outside any span");
			assertThat(output.getOut().lines().filter((candidate) -> candidate.contains("outside any span")).findFirst())
				.hasValueSatisfying((outside) -> assertThat(outside).doesNotContain(record.traceId()));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ecs", "logstash" })
	void structuredLogLinesCarryTheIds(String format, CapturedOutput output) {
		String structured = "--logging.structured.format.console=" + format;
		try (ConfigurableApplicationContext context = CheckoutApplication.run(structured)) {
			context.getBean(CheckoutApplication.Checkout.class).checkout();
			SpanRecord record = context.getBean(TraceService.class).flush().get(0);
			JsonNode json = JsonMapper.shared().readTree(CheckoutApplication.line(output));
			assertThat(json.path("traceId").asString()).isEqualTo(record.traceId());
			assertThat(json.path("spanId").asString()).isEqualTo(record.spanId());
		}
	}

	@Test
	void correlatedBaggageFieldsAreInTheEventsContextData(CapturedOutput output) {
		try (ConfigurableApplicationContext context = CheckoutApplication.run("--logging.structured.format.console=logstash",
				"--trace.baggage.remote-fields=tenant,region", "--trace.baggage.correlation-fields=tenant")) {
			TraceService trace = context.getBean(TraceService.class);
			try (TraceScope request = trace.openScope("request", null)) {
				trace.setBaggage("tenant", "acme");
				trace.setBaggage("region", "eu");
				context.getBean(CheckoutApplication.Checkout.class).checkout();
			}
			JsonNode json = JsonMapper.shared().readTree(CheckoutApplication.line(output));
			assertThat(json.path("tenant").asString()).isEqualTo("acme");
			assertThat(json.has("region")).isFalse();
		}
	}

}
