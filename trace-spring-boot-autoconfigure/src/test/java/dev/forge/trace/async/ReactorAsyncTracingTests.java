package dev.forge.trace.async;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WebFlux on Reactor Netty with Boot's {@code spring.reactor.context-propagation=auto}: a
 * {@code @Traced} method called inside a {@code flatMap} on another scheduler nests under
 * the request.
 */
@SpringBootTest(classes = ReactorAsyncTracingTests.ReactiveApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "spring.reactor.context-propagation=auto" })
class ReactorAsyncTracingTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Test
	void tracedWorkOnABoundedElasticSchedulerIsAChildOfTheRequest() throws Exception {
		assertChildrenOfTheRequest(this.trace, this.port, "/prices", "Prices.price");
	}

	@Test
	void reactiveTracedMethodsSubscribedOnABoundedElasticSchedulerAreChildrenOfTheRequest() throws Exception {
		assertChildrenOfTheRequest(this.trace, this.port, "/quotes", "Prices.quote");
	}

	/** A request for {@code path} answers 6, and its three spans named {@code name} are its children. */
	static void assertChildrenOfTheRequest(TraceService trace, int port, String path, String name) throws Exception {
		trace.flush();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("6");
		List<SpanRecord> records = new ArrayList<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			records.addAll(trace.flush());
			return records.stream().filter((record) -> record.name().equals(name)).count() == 3
					&& records.stream().anyMatch((record) -> record.name().equals("http get " + path));
		});
		SpanRecord request = records.stream()
			.filter((record) -> record.name().equals("http get " + path))
			.findFirst()
			.orElseThrow();
		assertThat(records).filteredOn((record) -> record.name().equals(name)).allSatisfy((price) -> {
			assertThat(price.parentId()).isEqualTo(request.id());
			assertThat(price.traceId()).isEqualTo(request.traceId());
			assertThat(price.threadName()).startsWith("boundedElastic-");
		});
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ PricesController.class, Prices.class })
	static class ReactiveApplication {

	}

	static class Prices {

		@Traced
		public int price(int item) {
			return item;
		}

		@Traced
		public Mono<Integer> quote(int item) {
			return Mono.just(item);
		}

	}

	@RestController
	static class PricesController {

		private final Prices prices;

		PricesController(Prices prices) {
			this.prices = prices;
		}

		@GetMapping("/prices")
		Mono<String> prices() {
			return Flux.just(1, 2, 3)
				.flatMap((item) -> Mono.fromCallable(() -> this.prices.price(item))
					.subscribeOn(Schedulers.boundedElastic()))
				.reduce(0, Integer::sum)
				.map(String::valueOf);
		}

		@GetMapping("/quotes")
		Mono<String> quotes() {
			return Flux.just(1, 2, 3)
				.flatMap((item) -> this.prices.quote(item).subscribeOn(Schedulers.boundedElastic()))
				.reduce(0, Integer::sum)
				.map(String::valueOf);
		}

	}

}
