package dev.forge.trace.sample;

import java.util.Map;

import dev.forge.trace.TraceService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Traces a request by hand with start and end in try/finally, as in the ext_trace README.
 */
@RestController
class GreetingController {

	private final TraceService trace;

	GreetingController(TraceService trace) {
		this.trace = trace;
	}

	@GetMapping("/greet")
	Map<String, String> greet(@RequestParam(defaultValue = "world") String name) {
		long span = this.trace.start("greet", Map.of("name", name));
		String greeting = null;
		try {
			greeting = "Hello, " + name + "!";
			return Map.of("greeting", greeting);
		}
		finally {
			this.trace.end(span, (greeting != null) ? Map.of("length", greeting.length()) : null);
		}
	}

}
