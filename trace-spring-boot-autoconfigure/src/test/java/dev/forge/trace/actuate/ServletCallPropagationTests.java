package dev.forge.trace.actuate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Call propagation on Tomcat, through a {@code RestClient} built from Boot's builder.
 */
@SpringBootTest(classes = ServletCallPropagationTests.CallingApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT)
class ServletCallPropagationTests extends CallPropagationTests {

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(FrontController.class)
	static class CallingApplication {

	}

	@RestController
	static class FrontController {

		private final RestClient client;

		private final Environment environment;

		FrontController(RestClient.Builder builder, Environment environment) {
			this.client = builder.build();
			this.environment = environment;
		}

		@GetMapping("/front")
		String front() {
			return this.client.get()
				.uri("http://localhost:" + this.environment.getProperty("local.server.port") + "/back")
				.retrieve()
				.body(String.class);
		}

		@GetMapping("/back")
		String back(@RequestHeader(name = "traceparent", required = false) String traceparent,
				@RequestHeader(name = "tracestate", required = false) String tracestate) {
			return traceparent + "|" + tracestate;
		}

	}

}
