package dev.forge.trace.export;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.forge.trace.annotation.Traced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two services, each with the starter, exporting to one real Zipkin: A's request calls B
 * through a Boot-built {@code RestClient}, and Zipkin shows one trace with both services'
 * spans linked, as it would for services traced by any other tracer.
 */
class TwoServicesZipkinTests {

	private static ZipkinServer zipkin;

	private static ConfigurableApplicationContext back;

	private static ConfigurableApplicationContext front;

	@BeforeAll
	static void start() throws Exception {
		zipkin = new ZipkinServer();
		back = service(BackService.class, "stock-service");
		front = service(FrontService.class, "checkout-service",
				"stock.url=http://localhost:" + back.getEnvironment().getProperty("local.server.port") + "/stock");
	}

	private static ConfigurableApplicationContext service(Class<?> application, String name, String... properties) {
		String[] all = new String[properties.length + 6];
		all[0] = "--server.port=0";
		all[1] = "--spring.application.name=" + name;
		all[2] = "--trace.export.zipkin.endpoint=" + zipkin.url("/api/v2/spans");
		all[3] = "--trace.export.interval=100ms";
		all[4] = "--management.endpoints.web.exposure.include=health";
		all[5] = "--spring.main.banner-mode=off";
		for (int i = 0; i < properties.length; i++) {
			all[6 + i] = "--" + properties[i];
		}
		return new SpringApplicationBuilder(application).run(all);
	}

	@AfterAll
	static void stop() throws Exception {
		if (front != null) {
			front.close();
		}
		if (back != null) {
			back.close();
		}
		zipkin.close();
	}

	@Test
	void aRequestThatCarriesATraceparentMakesOneTraceAcrossBothServicesUnderThatTraceId() throws Exception {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		String callerSpan = "b7ad6b7169203331";
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(
					"http://localhost:" + front.getEnvironment().getProperty("local.server.port") + "/checkout"))
				.header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("checked out: in stock");
		JsonNode spans = await().atMost(Duration.ofSeconds(30))
			.until(() -> zipkin.json("/api/v2/trace/" + traceId), (found) -> found.size() >= 5);
		assertOneTraceAcrossBothServices(spans, traceId);
		JsonNode frontServer = byName(spans).get("http get /checkout");
		assertThat(frontServer.get("parentId").asString()).isEqualTo(callerSpan);
		// Zipkin's service graph, drawn from the server and client spans.
		assertThat(zipkin.dependencyLinks()).contains("checkout-service->stock-service");
	}

	@Test
	void aRequestWithoutContextStartsATraceThatBothServicesShare() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(
					"http://localhost:" + front.getEnvironment().getProperty("local.server.port") + "/checkout?fresh"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("checked out: in stock");
		JsonNode traces = await().atMost(Duration.ofSeconds(30))
			.until(() -> zipkin.json("/api/v2/traces?serviceName=stock-service&limit=10"), (found) -> {
				for (JsonNode trace : found) {
					if (trace.size() >= 5 || containsFrontRoot(trace)) {
						return true;
					}
				}
				return false;
			});
		JsonNode fresh = null;
		for (JsonNode trace : traces) {
			JsonNode server = byName(trace).get("http get /checkout");
			if (server != null && !server.has("parentId")) {
				fresh = trace;
			}
		}
		assertThat(fresh).isNotNull();
		String traceId = fresh.get(0).get("traceId").asString();
		assertThat(traceId).hasSize(32);
		JsonNode spans = await().atMost(Duration.ofSeconds(30))
			.until(() -> zipkin.json("/api/v2/trace/" + traceId), (found) -> found.size() >= 5);
		assertOneTraceAcrossBothServices(spans, traceId);
	}

	private static boolean containsFrontRoot(JsonNode trace) {
		JsonNode server = byName(trace).get("http get /checkout");
		return server != null && !server.has("parentId");
	}

	private static void assertOneTraceAcrossBothServices(JsonNode spans, String traceId) {
		Map<String, JsonNode> byName = byName(spans);
		assertThat(byName).containsKeys("http get /checkout", "pricing.price", "http get", "http get /stock",
				"inventory.check");
		Set<String> ids = new HashSet<>();
		spans.forEach((span) -> {
			assertThat(span.get("traceId").asString()).isEqualTo(traceId);
			assertThat(ids.add(span.get("id").asString())).as("span id used twice").isTrue();
		});
		JsonNode frontServer = byName.get("http get /checkout");
		JsonNode client = byName.get("http get");
		JsonNode backServer = byName.get("http get /stock");
		assertThat(frontServer.get("localEndpoint").get("serviceName").asString()).isEqualTo("checkout-service");
		assertThat(backServer.get("localEndpoint").get("serviceName").asString()).isEqualTo("stock-service");
		// Zipkin draws its dependency graph from server and client spans; work spans have no kind.
		assertThat(frontServer.get("kind").asString()).isEqualTo("SERVER");
		assertThat(client.get("kind").asString()).isEqualTo("CLIENT");
		assertThat(backServer.get("kind").asString()).isEqualTo("SERVER");
		assertThat(byName.get("pricing.price").has("kind")).isFalse();
		assertThat(byName.get("pricing.price").get("parentId").asString()).isEqualTo(frontServer.get("id").asString());
		assertThat(client.get("parentId").asString()).isEqualTo(frontServer.get("id").asString());
		assertThat(backServer.get("parentId").asString()).isEqualTo(client.get("id").asString());
		assertThat(byName.get("inventory.check").get("parentId").asString())
			.isEqualTo(backServer.get("id").asString());
	}

	private static Map<String, JsonNode> byName(JsonNode spans) {
		Map<String, JsonNode> byName = new HashMap<>();
		spans.forEach((span) -> byName.put(span.get("name").asString(), span));
		return byName;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Checkout.class)
	static class FrontService {

		@Bean
		Pricing pricing() {
			return new Pricing();
		}

	}

	@RestController
	static class Checkout {

		private final RestClient stock;

		private final Pricing pricing;

		Checkout(RestClient.Builder builder, Pricing pricing, @Value("${stock.url}") String stockUrl) {
			this.stock = builder.baseUrl(stockUrl).build();
			this.pricing = pricing;
		}

		@GetMapping("/checkout")
		String checkout() {
			this.pricing.price();
			return "checked out: " + this.stock.get().retrieve().body(String.class);
		}

	}

	static class Pricing {

		@Traced("pricing.price")
		public int price() {
			return 42;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Stock.class)
	static class BackService {

		@Bean
		Inventory inventory() {
			return new Inventory();
		}

	}

	@RestController
	static class Stock {

		private final Inventory inventory;

		Stock(Inventory inventory) {
			this.inventory = inventory;
		}

		@GetMapping("/stock")
		String stock() {
			return this.inventory.check();
		}

	}

	static class Inventory {

		@Traced("inventory.check")
		public String check() {
			return "in stock";
		}

	}

}
