package dev.forge.trace.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lines a failing request writes carry its ids, with Spring Boot's default pattern:
 * the container's own report of the exception, and everything logged while the error
 * dispatch renders the error page.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ErrorLogCorrelationTests.FailingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "logging.level.org.springframework.web.servlet.DispatcherServlet=debug")
class ErrorLogCorrelationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	/** The level set for these tests would stay with the logging system for the next contexts. */
	@AfterAll
	static void resetTheDispatcherServletsLevel() {
		LoggingSystem.get(ErrorLogCorrelationTests.class.getClassLoader())
			.setLogLevel("org.springframework.web.servlet.DispatcherServlet", null);
	}

	@Test
	void theContainersExceptionLineAndTheErrorDispatchCarryTheRequestsIds(CapturedOutput output) {
		this.trace.flush();
		assertThat(new Http(this.port).get("/fail").statusCode()).isEqualTo(500);
		List<SpanRecord> records = new ArrayList<>();
		SpanRecord request = drained(records, "http get /fail");
		String ids = "[" + request.traceId() + "-";
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut()).contains("\"ERROR\" dispatch for GET \"/error\""));
		List<String> lines = output.getOut().lines().toList();
		assertThat(lines.stream().filter((line) -> line.contains("threw exception"))).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains(ids));
		assertThat(lines.stream().filter((line) -> line.contains("\"ERROR\" dispatch"))).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains(ids));
		assertThat(lines.stream().filter((line) -> line.contains("rendering the error page"))).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).contains(ids));
		// Work done by the error dispatch belongs to the request's trace.
		SpanRecord errorPage = drained(records, "error.page");
		assertThat(errorPage.parentId()).isEqualTo(request.id());
		assertThat(errorPage.traceId()).isEqualTo(request.traceId());
	}

	@Test
	void anErrorAnsweredWithoutAnExceptionIsRenderedInTheRequestsTraceToo(CapturedOutput output) {
		this.trace.flush();
		assertThat(new Http(this.port).get("/unavailable").statusCode()).isEqualTo(503);
		SpanRecord request = drained(new ArrayList<>(), "http get /unavailable");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut().lines()
				.filter((line) -> line.contains("rendering the error page") && line.contains(request.traceId())))
				.isNotEmpty());
	}

	@Test
	void noScopeIsLeftOnAPooledThreadAfterFailures() {
		Http http = new Http(this.port);
		for (int i = 0; i < 10; i++) {
			assertThat(http.get("/fail").statusCode()).isEqualTo(500);
			assertThat(http.get("/unavailable").statusCode()).isEqualTo(503);
		}
		this.trace.flush();
		for (int i = 0; i < 40; i++) {
			assertThat(http.get("/ok").statusCode()).isEqualTo(200);
		}
		List<SpanRecord> records = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			records.addAll(this.trace.flush());
			return records.stream().filter((record) -> record.name().equals("http get /ok")).count() == 40;
		});
		// Every request is a trace of its own: none hangs from a failed request's span.
		assertThat(records.stream().filter((record) -> record.name().equals("http get /ok")))
			.allSatisfy((record) -> assertThat(record.parentId()).isZero());
	}

	/** Drains into {@code records} until one named so is there, and returns it. */
	private SpanRecord drained(List<SpanRecord> records, String name) {
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			records.addAll(this.trace.flush());
			return records.stream().anyMatch((record) -> record.name().equals(name));
		});
		return records.stream().filter((record) -> record.name().equals(name)).findFirst().orElseThrow();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(FailingController.class)
	static class FailingApplication {

	}

	@RestController
	static class FailingController implements ErrorController {

		private final TraceService trace;

		FailingController(TraceService trace) {
			this.trace = trace;
		}

		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("out of stock");
		}

		@GetMapping("/unavailable")
		String unavailable() {
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE);
		}

		@GetMapping("/ok")
		String ok() {
			return "ok";
		}

		/** The error page (instead of Boot's), with a span and a log line of its own. */
		@GetMapping("/error")
		ResponseEntity<String> error(HttpServletRequest request) {
			this.trace.inSpan("error.page", null, () -> {
				logger.info("rendering the error page");
				return null;
			});
			Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
			return ResponseEntity.status((status instanceof Integer code) ? code : 500).body("failed");
		}

		private static final Logger logger = LoggerFactory.getLogger(FailingController.class);

	}

}
