package dev.forge.trace.observation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collector;
import java.util.stream.Collectors;

import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message sent inside a request carries its trace across a real Kafka broker (the
 * embedded KRaft broker of {@code spring-kafka-test}), with nothing but Boot's observation
 * switches on: the send is a producer span under the request, the listener's a consumer
 * span continuing it on the consumer's thread, and what the listener calls nests under that.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext // The broker and the listeners stop with the class, not with the last test of the JVM.
@EmbeddedKafka(partitions = 1, topics = { "orders", "returns" })
@SpringBootTest(classes = KafkaTracingTests.OrdersApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
				"spring.kafka.template.observation-enabled=true", "spring.kafka.listener.observation-enabled=true",
				"spring.kafka.consumer.group-id=fulfilment", "spring.kafka.consumer.auto-offset-reset=earliest",
				"logging.level.org.apache.kafka=warn", "logging.level.kafka=warn",
				"trace.baggage.remote-fields=tenant" })
class KafkaTracingTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Test
	void aMessageSentInARequestIsHandledInTheRequestsTraceOnTheConsumerSide(CapturedOutput output) throws Exception {
		this.trace.flush();
		assertThat(get("/order")).isEqualTo("ordered");
		List<SpanRecord> records = drained("http get /order", "Fulfilment.fulfil");
		SpanRecord request = named(records, "http get /order");
		SpanRecord send = kind(records, SpanKind.PRODUCER);
		SpanRecord receive = kind(records, SpanKind.CONSUMER);
		SpanRecord fulfil = named(records, "Fulfilment.fulfil");
		// The send is the request's child; the broker carried its context in the record's headers.
		assertThat(send.parentId()).isEqualTo(request.id());
		assertThat(send.name()).isEqualTo("orders send");
		assertThat(receive.name()).isEqualTo("orders process");
		assertThat(receive.traceId()).isEqualTo(request.traceId());
		assertThat(receive.parentSpanId()).isEqualTo(send.spanId());
		assertThat(receive.threadId()).isNotEqualTo(request.threadId());
		assertThat(fulfil.parentId()).isEqualTo(receive.id());
		assertThat(fulfil.traceId()).isEqualTo(request.traceId());
		// A line the listener logs carries the request's trace id, and the baggage the request set came along.
		assertThat(output.getOut().lines().filter((line) -> line.contains("fulfilling order-1")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("[" + request.traceId() + "-" + fulfil.spanId() + "]")
				.endsWith("fulfilling order-1 for acme"));
	}

	/**
	 * A batch has a record from each of several traces and no one parent: as Spring Kafka
	 * observes it (each record on its own, before the batch runs), each record is a consumer
	 * span in its producer's trace, and the batch's own work is a trace of its own.
	 */
	@Test
	void eachRecordOfABatchIsAConsumerSpanInItsOwnTraceAndTheBatchIsItsOwnRoot() throws Exception {
		this.trace.flush();
		assertThat(get("/return?item=a")).isEqualTo("returned");
		assertThat(get("/return?item=b")).isEqualTo("returned");
		List<SpanRecord> records = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			records.addAll(this.trace.flush());
			return records.stream().filter((record) -> record.name().equals("returns process")).count() == 2
					&& records.stream().filter((record) -> record.name().equals("Restocking.restock"))
						.mapToInt((record) -> record.attributes().get("count").asInt()).sum() == 2;
		});
		List<SpanRecord> requests = records.stream().filter((record) -> record.name().equals("http get /return"))
			.toList();
		assertThat(requests).hasSize(2);
		for (SpanRecord request : requests) {
			SpanRecord send = records.stream()
				.filter((record) -> record.kind() == SpanKind.PRODUCER && record.parentId() == request.id())
				.collect(onlyOne());
			SpanRecord receive = records.stream()
				.filter((record) -> record.kind() == SpanKind.CONSUMER && send.spanId().equals(record.parentSpanId()))
				.collect(onlyOne());
			assertThat(receive.traceId()).isEqualTo(request.traceId());
		}
		assertThat(records).filteredOn((record) -> record.name().equals("Restocking.restock"))
			.allSatisfy((restock) -> {
				assertThat(restock.parentId()).isZero();
				assertThat(requests).extracting(SpanRecord::traceId).doesNotContain(restock.traceId());
			});
	}

	private static Collector<SpanRecord, ?, SpanRecord> onlyOne() {
		return Collectors.collectingAndThen(Collectors.toList(), (list) -> {
			assertThat(list).hasSize(1);
			return list.get(0);
		});
	}

	private String get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private List<SpanRecord> drained(String... names) {
		List<SpanRecord> records = new ArrayList<>();
		// The listener joins its group and is handed the partition before it sees the record.
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			records.addAll(this.trace.flush());
			return List.of(names)
				.stream()
				.allMatch((name) -> records.stream().anyMatch((record) -> record.name().equals(name)));
		});
		return records;
	}

	private static SpanRecord named(List<SpanRecord> records, String name) {
		return records.stream().filter((record) -> record.name().equals(name)).findFirst().orElseThrow();
	}

	private static SpanRecord kind(List<SpanRecord> records, SpanKind kind) {
		assertThat(records).filteredOn((record) -> record.kind() == kind).hasSize(1);
		return records.stream().filter((record) -> record.kind() == kind).findFirst().orElseThrow();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Orders.class, OrdersListener.class, Fulfilment.class, ReturnsListener.class, Restocking.class })
	static class OrdersApplication {

		/** A batch listener's factory, as Boot configures one, observing each record of a batch. */
		@Bean
		ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(
				ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
				ConsumerFactory<Object, Object> consumerFactory) {
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
			configurer.configure(factory, consumerFactory);
			factory.setBatchListener(true);
			factory.getContainerProperties().setRecordObservationsInBatch(true);
			return factory;
		}

	}

	@RestController
	static class Orders {

		private final KafkaTemplate<String, String> kafka;

		private final TraceService trace;

		Orders(KafkaTemplate<String, String> kafka, TraceService trace) {
			this.kafka = kafka;
			this.trace = trace;
		}

		@GetMapping("/order")
		String order() throws Exception {
			this.trace.setBaggage("tenant", "acme");
			this.kafka.send("orders", "order-1").get(30, TimeUnit.SECONDS);
			return "ordered";
		}

		@GetMapping("/return")
		String giveBack(@RequestParam String item) throws Exception {
			this.kafka.send("returns", item).get(30, TimeUnit.SECONDS);
			return "returned";
		}

	}

	static class OrdersListener {

		private final Fulfilment fulfilment;

		OrdersListener(Fulfilment fulfilment) {
			this.fulfilment = fulfilment;
		}

		@KafkaListener(topics = "orders")
		void onOrder(String order) {
			this.fulfilment.fulfil(order);
		}

	}

	static class Fulfilment {

		private static final Logger logger = LoggerFactory.getLogger(Fulfilment.class);

		private final TraceService trace;

		Fulfilment(TraceService trace) {
			this.trace = trace;
		}

		@Traced
		public void fulfil(String order) {
			logger.info("fulfilling {} for {}", order, this.trace.baggage("tenant"));
		}

	}

	static class ReturnsListener {

		private final Restocking restocking;

		ReturnsListener(Restocking restocking) {
			this.restocking = restocking;
		}

		@KafkaListener(topics = "returns", groupId = "restocking", containerFactory = "batchFactory")
		void onReturns(List<String> items) {
			this.restocking.restock(items.size());
		}

	}

	static class Restocking {

		@Traced
		public void restock(@TraceAttribute("count") int count) {
		}

	}

}
