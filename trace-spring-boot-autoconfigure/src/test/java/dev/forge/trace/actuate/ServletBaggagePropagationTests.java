package dev.forge.trace.actuate;

import java.util.Map;

import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = ServletBaggagePropagationTests.BaggageApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { BaggagePropagationTests.FIELDS, "trace.baggage.correlation-fields=tenant",
				"logging.pattern.level=%5p [tenant=%X{tenant:-}]" })
class ServletBaggagePropagationTests extends BaggagePropagationTests {

	@Test
	void aFieldTheApplicationSetsIsSentOnAndReadOnTheOtherSideWhereLogLinesCarryTheCorrelatedOne(
			CapturedOutput output) {
		String received = new Http(this.port).get("/front?user=ada", Map.of("baggage", "tenant=acme")).body();
		assertThat(received).isEqualTo("tenant=acme,user=ada|acme|ada");
		assertThat(output.getOut().lines().filter((line) -> line.contains("the back end answers")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("[tenant=acme]"));
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
			LoggerFactory.getLogger(FrontController.class).info("the back end answers");
			return ((baggage != null) ? baggage : "none") + "|" + this.trace.baggage("tenant") + "|"
					+ this.trace.baggage("user");
		}

	}

}
