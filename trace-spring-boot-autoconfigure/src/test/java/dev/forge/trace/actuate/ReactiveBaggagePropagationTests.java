package dev.forge.trace.actuate;

import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Baggage on Reactor Netty, through a {@code WebClient} observed with the application's
 * registry.
 */
@SpringBootTest(classes = ReactiveBaggagePropagationTests.ReactiveBaggageApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", BaggagePropagationTests.FIELDS })
class ReactiveBaggagePropagationTests extends BaggagePropagationTests {

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ReactiveFrontController.class)
	static class ReactiveBaggageApplication {

	}

	@RestController
	static class ReactiveFrontController {

		private final WebClient client;

		private final Environment environment;

		ReactiveFrontController(ObservationRegistry registry, Environment environment) {
			this.client = WebClient.builder().observationRegistry(registry).build();
			this.environment = environment;
		}

		@GetMapping("/front")
		Mono<String> front() {
			return this.client.get()
				.uri("http://localhost:" + this.environment.getProperty("local.server.port") + "/back")
				.retrieve()
				.bodyToMono(String.class);
		}

		@GetMapping("/back")
		String back(@RequestHeader(name = "baggage", required = false) String baggage) {
			return (baggage != null) ? baggage : "none";
		}

	}

}
