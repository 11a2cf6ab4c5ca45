package dev.forge.trace.observation;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.support.micrometer.RabbitListenerObservation;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageReceiverContext;
import org.springframework.amqp.rabbit.support.micrometer.RabbitMessageSenderContext;
import org.springframework.amqp.rabbit.support.micrometer.RabbitTemplateObservation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RabbitMQ as Spring AMQP observes it ({@code spring.rabbitmq.template.observation-enabled},
 * {@code spring.rabbitmq.listener.observation-enabled}), with its own observation
 * documentation, conventions and contexts: no broker can run here, so the message the
 * template would publish is handed to the listener's context as the broker would deliver it.
 */
class RabbitMessagingTests {

	private final TraceService trace = new TraceService(TraceOptions.builder().baggageFields(List.of("tenant")).build());

	private final ObservationRegistry registry = ObservationRegistry.create();

	RabbitMessagingTests() {
		this.registry.observationConfig()
			.observationHandler(new TraceObservationHandler(this.trace, List.of(), (context) -> false));
	}

	@Test
	void aMessagePublishedInARequestIsHandledInItsTraceOnTheListenersThread() throws Exception {
		Message message = new Message("order-1".getBytes(), new MessageProperties());
		long requestId;
		try (TraceScope request = this.trace.openScope("request", null)) {
			requestId = request.id();
			this.trace.setBaggage("tenant", "acme");
			// As RabbitTemplate observes a send.
			RabbitTemplateObservation.TEMPLATE_OBSERVATION
				.observation(null, RabbitTemplateObservation.DefaultRabbitTemplateObservationConvention.INSTANCE,
						() -> new RabbitMessageSenderContext(message, "rabbitTemplate", "orders", "orders.placed"),
						this.registry)
				.observe(() -> {
				});
		}
		assertThat(message.getMessageProperties().<String>getHeader("traceparent")).startsWith("00-");
		assertThat(message.getMessageProperties().<String>getHeader("baggage")).isEqualTo("tenant=acme");
		// As the listener container observes a delivery from the queue, on its own thread.
		message.getMessageProperties().setConsumerQueue("orders");
		String tenant = CompletableFuture.supplyAsync(() -> RabbitListenerObservation.LISTENER_OBSERVATION
			.observation(null, RabbitListenerObservation.DefaultRabbitListenerObservationConvention.INSTANCE,
					() -> new RabbitMessageReceiverContext(message, "ordersListener"), this.registry)
			.observe(() -> this.trace.inSpan("fulfil", null, () -> this.trace.baggage("tenant"))))
			.get();
		assertThat(tenant).isEqualTo("acme");
		List<SpanRecord> records = this.trace.flush();
		SpanRecord request = records.stream().filter((record) -> record.id() == requestId).findFirst().orElseThrow();
		SpanRecord send = records.stream().filter((record) -> record.kind() == SpanKind.PRODUCER).findFirst()
			.orElseThrow();
		SpanRecord receive = records.stream().filter((record) -> record.kind() == SpanKind.CONSUMER).findFirst()
			.orElseThrow();
		SpanRecord fulfil = records.stream().filter((record) -> record.name().equals("fulfil")).findFirst()
			.orElseThrow();
		assertThat(send.parentId()).isEqualTo(request.id());
		assertThat(receive.traceId()).isEqualTo(request.traceId());
		assertThat(receive.parentSpanId()).isEqualTo(send.spanId());
		assertThat(fulfil.parentId()).isEqualTo(receive.id());
		assertThat(List.of(send.name(), receive.name())).containsExactly("orders/orders.placed send", "orders receive");
	}

}
