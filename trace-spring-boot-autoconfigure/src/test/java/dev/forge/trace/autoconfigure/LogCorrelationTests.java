package dev.forge.trace.autoconfigure;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Log lines written while a span is current carry its ids: SLF4J's MDC holds
 * {@code traceId} and {@code spanId} when a line is made, and Spring Boot's default
 * console pattern shows them with no configuration, as with Micrometer Tracing.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogCorrelationTests {

	@Test
	void aLogLineOfATracedMethodCarriesTheTraceIdOfItsRecord(CapturedOutput output) {
		try (ConfigurableApplicationContext context = CheckoutApplication.run()) {
			context.getBean(CheckoutApplication.Checkout.class).checkout();
			SpanRecord record = context.getBean(TraceService.class).flush().get(0);
			String line = CheckoutApplication.line(output);
			assertThat(line).contains("[" + record.traceId() + "-" + record.spanId() + "]");
			// Restored when the span stops being current.
			assertThat(MDC.get("traceId")).isNull();
			assertThat(MDC.get("spanId")).isNull();
		}
	}

	@Test
	void nestedSpansShowTheirOwnSpanIdAndTheMdcIsRestoredAfterTheOutermost() {
		TraceService trace = new TraceService();
		Logger logger = (Logger) LoggerFactory.getLogger("correlation.nested");
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.start();
		logger.addAppender(lines);
		MDC.put("traceId", "upstream");
		try {
			try (var outer = trace.openScope("outer", null)) {
				logger.info("outer");
				try (var inner = trace.openScope("inner", null)) {
					logger.info("inner");
				}
				logger.info("outer again");
			}
			logger.info("after");
			List<SpanRecord> records = trace.flush();
			SpanRecord inner = records.get(0);
			SpanRecord outer = records.get(1);
			assertThat(lines.list).extracting((line) -> line.getMDCPropertyMap().get("traceId"))
				.containsExactly(outer.traceId(), outer.traceId(), outer.traceId(), "upstream");
			assertThat(lines.list).extracting((line) -> line.getMDCPropertyMap().get("spanId"))
				.containsExactly(outer.spanId(), inner.spanId(), outer.spanId(), null);
			assertThat(MDC.get("traceId")).isEqualTo("upstream");
			assertThat(MDC.get("spanId")).isNull();
		}
		finally {
			logger.detachAppender(lines);
			MDC.clear();
		}
	}

	@Test
	void aSpanInWhichNothingIsLoggedWritesNothingToTheMdc() {
		TraceService trace = new TraceService();
		Logger logger = (Logger) LoggerFactory.getLogger("correlation.quiet");
		logger.setLevel(Level.INFO);
		try (var scope = trace.openScope("quiet", null)) {
			logger.debug("below the level: not made, so not paid for");
			assertThat(MDC.get("traceId")).isNull();
			// What code that needs the ids itself calls instead of reading the MDC.
			assertThat(trace.currentTraceId()).hasSize(32);
			logger.info("made");
			assertThat(MDC.get("traceId")).isEqualTo(trace.currentTraceId());
		}
		finally {
			logger.setLevel(null);
		}
		assertThat(MDC.get("traceId")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ecs", "logstash" })
	void structuredLogLinesCarryTheIds(String format, CapturedOutput output) {
		String structured = "--logging.structured.format.console=" + format;
		try (ConfigurableApplicationContext context = CheckoutApplication.run(structured)) {
			context.getBean(CheckoutApplication.Checkout.class).checkout();
			SpanRecord record = context.getBean(TraceService.class).flush().get(0);
			String line = CheckoutApplication.line(output);
			JsonNode json = JsonMapper.shared().readTree(line);
			assertThat(json.path("traceId").asString()).isEqualTo(record.traceId());
			assertThat(json.path("spanId").asString()).isEqualTo(record.spanId());
		}
		finally {
			// The format would stay with the logging system (and a system property Boot set
			// from it) for the next test classes.
			System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
			LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
			logging.cleanUp();
			logging.beforeInitialize();
			logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
			// Left as a closed application leaves it: the next one initializes it its own way.
			logging.cleanUp();
		}
	}

	@Test
	void linesKeepTheirIdsAfterLogbackIsReset() {
		TraceService trace = new TraceService();
		LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
		// What Spring Boot does whenever an application initializes logging: turbo filters go.
		logback.reset();
		try (ConfigurableApplicationContext untraced = CheckoutApplication.run("--trace.enabled=false")) {
			Logger logger = logback.getLogger("correlation.reset");
			ListAppender<ILoggingEvent> lines = new ListAppender<>();
			lines.start();
			logger.addAppender(lines);
			try (var scope = trace.openScope("after-reset", null)) {
				logger.info("logged after a reset");
			}
			finally {
				logger.detachAppender(lines);
			}
			SpanRecord record = trace.flush().get(0);
			assertThat(lines.list).singleElement()
				.extracting(ILoggingEvent::getMDCPropertyMap)
				.isEqualTo(Map.of("traceId", record.traceId(), "spanId", record.spanId()));
		}
	}

	@Test
	void turnedOffNothingGoesIntoTheMdcOrThePattern(CapturedOutput output) {
		try (ConfigurableApplicationContext context = CheckoutApplication.run("--trace.log-correlation.enabled=false")) {
			context.getBean(CheckoutApplication.Checkout.class).checkout();
			String line = CheckoutApplication.line(output);
			String traceId = context.getBean(TraceService.class).flush().get(0).traceId();
			assertThat(line).doesNotContain(traceId);
			assertThat(context.getEnvironment().containsProperty("logging.expect-correlation-id")).isFalse();
		}
	}

}
