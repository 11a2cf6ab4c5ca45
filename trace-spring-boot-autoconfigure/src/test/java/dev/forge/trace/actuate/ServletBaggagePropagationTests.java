package dev.forge.trace.actuate;

import java.util.Map;

import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Baggage on Tomcat through a {@code RestClient} built from Boot's builder; here the
 * application also sets a field and logs the correlated one.
 */
@SpringBootTest(classes = ServletBaggagePropagationTests.BaggageApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { BaggagePropagationTests.FIELDS, "trace.baggage.correlation-fields=tenant" })
class ServletBaggagePropagationTests extends BaggagePropagationTests {

	@Test
	void aFieldTheApplicationSetsIsSentOnAndReadOnTheOtherSideWhereLogLinesCarryTheCorrelatedOne() {
		String received = new Http(this.port).get("/front?user=ada", Map.of("baggage", "tenant=acme")).body();
		// The header received, the fields read, and the MDC a line logged there saw.
		assertThat(received).isEqualTo("tenant=acme,user=ada|acme|ada|acme|null");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(FrontController.class)
	static class BaggageApplication {

	}

	@RestController
	static class FrontController {

		private final RestClient client;

		private final Environment environment;

		private final TraceService trace;

		FrontController(RestClient.Builder builder, Environment environment, TraceService trace) {
			this.client = builder.build();
			this.environment = environment;
			this.trace = trace;
		}

		@GetMapping("/front")
		String front(@RequestParam(required = false) String user) {
			if (user != null) {
				this.trace.setBaggage("user", user);
			}
			return this.client.get()
				.uri("http://localhost:" + this.environment.getProperty("local.server.port") + "/back")
				.retrieve()
				.body(String.class);
		}

		@GetMapping("/back")
		String back(@RequestHeader(name = "baggage", required = false) String baggage) {
			// Logback asks for the correlated fields when a line is made (the ids' turbo filter).
			LoggerFactory.getLogger(FrontController.class).info("the back end answers");
			return ((baggage != null) ? baggage : "none") + "|" + this.trace.baggage("tenant") + "|"
					+ this.trace.baggage("user") + "|" + MDC.get("tenant") + "|" + MDC.get("user");
		}

	}

}
