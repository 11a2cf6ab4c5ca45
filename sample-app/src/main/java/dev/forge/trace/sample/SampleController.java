package dev.forge.trace.sample;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.forge.trace.TraceService;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP API of the sample.
 */
@RestController
class SampleController {

	private final UserService users;

	private final OrderService orders;

	private final TraceService trace;

	SampleController(UserService users, OrderService orders, TraceService trace) {
		this.users = users;
		this.orders = orders;
		this.trace = trace;
	}

	@PostMapping("/users")
	@ResponseStatus(HttpStatus.CREATED)
	User register(@RequestBody Map<String, String> body) {
		return this.users.register(body.get("email"), body.get("password"));
	}

	@GetMapping("/users/{id}")
	User user(@PathVariable long id) {
		return this.users.find(id);
	}

	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	Order order(@RequestBody Map<String, Object> body) {
		return this.orders.place(((Number) body.get("userId")).longValue(), (String) body.get("item"),
				((Number) body.get("quantity")).intValue());
	}

	@GetMapping("/orders/{id}/receipt")
	CompletableFuture<Map<String, Object>> receipt(@PathVariable long id) {
		return this.orders.receipt(id);
	}

	@GetMapping("/quotes/{item}")
	Mono<Map<String, Object>> quote(@PathVariable String item) {
		return this.orders.quote(item);
	}

	/** Traced by hand, with start and end in try/finally as in the ext_trace README. */
	@GetMapping("/report")
	Map<String, Object> report() {
		long span = this.trace.start("report.build", Map.of("kind", "orders"));
		Map<String, Object> report = null;
		try {
			report = Map.of("orders", this.orders.count());
			return report;
		}
		finally {
			this.trace.end(span, report);
		}
	}

	@ExceptionHandler(IllegalArgumentException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	Map<String, String> badRequest(IllegalArgumentException ex) {
		return Map.of("error", ex.getMessage());
	}

}
