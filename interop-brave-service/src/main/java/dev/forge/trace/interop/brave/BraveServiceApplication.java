package dev.forge.trace.interop.brave;

import io.micrometer.tracing.Tracer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * A service traced by Micrometer Tracing with Brave, as Boot configures it: {@code GET /hop}
 * answers with the trace id Brave gives its request, and with {@code next} it first calls
 * that URL through a Boot-built {@code RestClient} and appends the answer.
 */
@SpringBootApplication
public class BraveServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(BraveServiceApplication.class, args);
	}

	@RestController
	static class HopController {

		private final RestClient client;

		private final Tracer tracer;

		HopController(RestClient.Builder builder, Tracer tracer) {
			this.client = builder.build();
			this.tracer = tracer;
		}

		@GetMapping("/hop")
		String hop(@RequestParam(required = false) String next) {
			String here = "brave " + this.tracer.currentSpan().context().traceId();
			return (next != null) ? here + " > " + this.client.get().uri(next).retrieve().body(String.class) : here;
		}

	}

}
