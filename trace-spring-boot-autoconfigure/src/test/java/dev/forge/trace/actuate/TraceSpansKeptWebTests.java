package dev.forge.trace.actuate;

import java.util.List;
import java.util.Map;

import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import dev.forge.trace.format.ChromeTraceValidator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a real server, with no drain and no exporter: a small finished buffer keeps showing
 * the newest requests, and an early failed request stays readable, nested spans and
 * all, at {@code /actuator/trace-spans/kept}.
 */
@SpringBootTest(classes = TraceSpansKeptWebTests.KeptApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=trace-spans", "trace.max-finished-spans=1000" })
class TraceSpansKeptWebTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Test
	void afterTwentyThousandRequestsRecentShowsTheLastAndKeptStillHasAnEarlyFailure() {
		Http http = new Http(this.port);
		assertThat(http.get("/orders?fail=true").statusCode()).isEqualTo(500);
		for (int i = 0; i < 19_999; i++) {
			assertThat(http.get("/orders").statusCode()).isEqualTo(200);
		}
		assertThat(http.get("/last").statusCode()).isEqualTo(200);
		assertThat(this.trace.stats().evicted()).isPositive();
		// The last request's spans are in the recent window, nested under its request span.
		List<String> recent = http.json("/actuator/trace-spans/recent")
			.valueStream()
			.map((record) -> record.get("name").asString())
			.toList();
		assertThat(recent.subList(recent.size() - 3, recent.size())).containsExactly("OrderStore.load",
				"OrderService.find", "http get /last");
		long buffered = this.trace.stats().buffered();
		JsonNode kept = http.json("/actuator/trace-spans/kept");
		List<JsonNode> failed = kept.valueStream()
			.filter((record) -> record.get("name").asString().equals("http get /orders") && record.has("result")
					&& record.get("result").has("error"))
			.toList();
		assertThat(failed).hasSize(1);
		List<String> names = kept.valueStream().map((record) -> record.get("name").asString()).toList();
		assertThat(names).contains("OrderService.find", "OrderStore.load");
		// The reference shape, and nothing else.
		kept.forEach((record) -> assertThat(record.propertyNames()).isSubsetOf("id", "name", "started_at",
				"duration_ms", "attributes", "result"));
		// Reading the kept traces drains nothing.
		assertThat(this.trace.stats().buffered()).isEqualTo(buffered);
		Map<String, List<JsonNode>> events = ChromeTraceValidator
			.validate(http.json("/actuator/trace-spans/kept?format=chrome-trace"));
		assertThat(events.get("X")).isNotEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ OrderController.class, OrderService.class, OrderStore.class })
	static class KeptApplication {

	}

	@RestController
	static class OrderController {

		private final OrderService orders;

		OrderController(OrderService orders) {
			this.orders = orders;
		}

		@GetMapping("/orders")
		String orders(@RequestParam(defaultValue = "false") boolean fail) {
			return this.orders.find(fail);
		}

		@GetMapping("/last")
		String last() {
			return this.orders.find(false);
		}

	}

	@Service
	static class OrderService {

		private final OrderStore store;

		OrderService(OrderStore store) {
			this.store = store;
		}

		@Traced
		String find(boolean fail) {
			return this.store.load(fail);
		}

	}

	@Service
	static class OrderStore {

		@Traced
		String load(boolean fail) {
			if (fail) {
				throw new IllegalStateException("no orders table");
			}
			return "orders";
		}

	}

}
