package dev.forge.trace.observation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import io.micrometer.observation.transport.RequestReplySenderContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler against what instrumentations really do, and beside the other handlers an
 * application runs.
 */
class TraceObservationHandlerTests {

	private final TraceService trace = new TraceService();

	private final ObservationRegistry registry = ObservationRegistry.create();

	TraceObservationHandlerTests() {
		this.registry.observationConfig()
			.observationHandler(new TraceObservationHandler(this.trace, List.of("excluded."), (context) -> false));
	}

	@Test
	void anObservationIsASpanNamedAtStopWithItsKeyValues() {
		Observation observation = Observation.createNotStarted("work", this.registry)
			.lowCardinalityKeyValue("kind", "batch")
			.start();
		observation.highCardinalityKeyValue("url", "/jobs/1?api_key=k");
		observation.contextualName("work batch");
		observation.stop();
		SpanRecord span = this.trace.flush().get(0);
		assertThat(span.name()).isEqualTo("work batch");
		assertThat(span.attributes().get("kind").asString()).isEqualTo("batch");
		assertThat(span.attributes().get("url").asString()).isEqualTo("/jobs/1?api_key=******");
	}

	@Test
	void requestsAndCallsAreServerAndClientSpansAndMessagesProducerAndConsumerSpans() {
		RequestReplyReceiverContext<Map<String, String>, Object> request = new RequestReplyReceiverContext<>(Map::get);
		request.setCarrier(Map.of());
		Observation server = Observation.createNotStarted("http.server.requests", () -> request, this.registry)
			.start();
		try (Observation.Scope scope = server.openScope()) {
			RequestReplySenderContext<Map<String, String>, Object> call = new RequestReplySenderContext<>(Map::put);
			call.setCarrier(new HashMap<>());
			Observation.createNotStarted("http.client.requests", () -> call, this.registry).start().stop();
			// Messaging contexts keep the transport's default kinds, as Kafka's and RabbitMQ's do.
			SenderContext<Map<String, String>> send = new SenderContext<>(Map::put);
			send.setCarrier(new HashMap<>());
			Observation.createNotStarted("orders send", () -> send, this.registry).start().stop();
			ReceiverContext<Map<String, String>> receive = new ReceiverContext<>(Map::get);
			receive.setCarrier(send.getCarrier());
			Observation.createNotStarted("orders receive", () -> receive, this.registry).start().stop();
			Observation.createNotStarted("work", this.registry).start().stop();
		}
		server.stop();
		Map<String, SpanKind> kinds = new HashMap<>();
		this.trace.flush().forEach((span) -> kinds.put(span.name(), span.kind()));
		assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.of("http.server.requests", SpanKind.SERVER,
				"http.client.requests", SpanKind.CLIENT, "orders send", SpanKind.PRODUCER, "orders receive",
				SpanKind.CONSUMER, "work", SpanKind.INTERNAL));
	}

	@Test
	void anOpenScopeMakesTheObservationsSpanCurrentAndNestedObservationsItsChildren() {
		Observation outer = Observation.start("outer", this.registry);
		try (Observation.Scope scope = outer.openScope()) {
			this.trace.end(this.trace.start("byHand"));
			Observation.start("inner", this.registry).stop();
		}
		assertThat(this.trace.currentSpanId()).isZero();
		// A child observation started elsewhere, with no span current there, takes its parent's span.
		CompletableFuture.runAsync(() -> Observation.createNotStarted("async", this.registry)
			.parentObservation(outer)
			.start()
			.event(Observation.Event.of("checkpoint"))
			.stop()).join();
		outer.stop();
		List<SpanRecord> spans = this.trace.flush();
		SpanRecord outerSpan = named(spans, "outer");
		assertThat(named(spans, "byHand").parentId()).isEqualTo(outerSpan.id());
		assertThat(named(spans, "inner").parentId()).isEqualTo(outerSpan.id());
		SpanRecord async = named(spans, "async");
		assertThat(async.parentId()).isEqualTo(outerSpan.id());
		assertThat(async.rootId()).isEqualTo(outerSpan.id());
		SpanRecord checkpoint = named(spans, "checkpoint");
		assertThat(checkpoint.durationMs()).isZero();
		assertThat(checkpoint.parentId()).isEqualTo(async.id());
	}

	@Test
	void anObservationInsideATracedSpanIsItsChild() {
		try (TraceScope scope = this.trace.openScope("traced", null)) {
			Observation.start("client", this.registry).stop();
			assertThat(named(this.trace.flush(), "client").parentId()).isEqualTo(scope.id());
		}
	}

	@Test
	void anErrorIsRecordedAsTracedDoes() {
		Observation observation = Observation.start("failing", this.registry);
		observation.error(new IllegalArgumentException("bad input"));
		observation.stop();
		SpanRecord span = this.trace.flush().get(0);
		assertThat(span.result().get("error").asString()).isEqualTo("bad input");
		assertThat(span.result().get("exception").asString()).isEqualTo(IllegalArgumentException.class.getName());
	}

	@Test
	void stoppingTwiceStoppingWithoutStartAndStoppingElsewhereAreHarmless() {
		Observation twice = Observation.start("twice", this.registry);
		twice.stop();
		twice.stop();
		Observation.createNotStarted("neverStarted", this.registry).stop();
		Observation elsewhere = Observation.start("elsewhere", this.registry);
		CompletableFuture.runAsync(elsewhere::stop).join();
		assertThat(this.trace.flush()).extracting(SpanRecord::name).containsExactly("twice", "elsewhere");
		assertThat(this.trace.stats().active()).isZero();
	}

	@Test
	void leakedObservationsAreEvictedAtTheActiveCapAndCounted() {
		TraceService small = new TraceService(TraceOptions.builder().maxActiveSpans(10).build());
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new TraceObservationHandler(small, List.of(), (c) -> false));
		for (int i = 0; i < 1_000; i++) {
			Observation.start("leaked", registry);
		}
		assertThat(small.stats().active()).isEqualTo(10);
		assertThat(small.stats().abandoned()).isEqualTo(990);
	}

	@Test
	void excludedNamesAreNotTraced() {
		Observation.start("excluded.noise", this.registry).stop();
		Observation.start("kept", this.registry).stop();
		assertThat(this.trace.flush()).extracting(SpanRecord::name).containsExactly("kept");
	}

	@Test
	void besideMicrometerTracingAndMetricsEveryHandlerSeesEveryObservation() {
		List<MutableSpan> braveSpans = new CopyOnWriteArrayList<>();
		try (Tracing tracing = brave(braveSpans)) {
			BraveTracer tracer = tracer(tracing);
			SimpleMeterRegistry meters = new SimpleMeterRegistry();
			ObservationRegistry registry = ObservationRegistry.create();
			// As Spring Boot registers them: tracing handlers grouped, metrics grouped, others alone.
			registry.observationConfig()
				.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
						new DefaultTracingObservationHandler(tracer)))
				.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
						new DefaultMeterObservationHandler(meters)))
				.observationHandler(new TraceObservationHandler(this.trace, List.of(), (c) -> false));
			for (int i = 0; i < 20; i++) {
				Observation outer = Observation.start("outer", registry);
				try (Observation.Scope scope = outer.openScope()) {
					Observation.createNotStarted("inner", registry)
						.lowCardinalityKeyValue("i", Integer.toString(i % 2))
						.observe(() -> {
						});
				}
				outer.stop();
			}
			assertThat(braveSpans).hasSize(40);
			assertThat(this.trace.flush()).hasSize(40);
			assertThat(meters.get("outer").timer().count()).isEqualTo(20);
			assertThat(meters.get("inner").timers()).hasSize(2);
			// Brave's parent links are intact: the bridge changed no scope.
			assertThat(braveSpans.stream().filter((s) -> "inner".equals(s.name())))
				.allMatch((s) -> s.parentId() != null);
		}
	}

	@ParameterizedTest(name = "Micrometer Tracing's handler registered {0}")
	@ValueSource(strings = { "first", "last" })
	void besideMicrometerTracingOurSpansJoinTheTraceItRecords(String order) {
		List<MutableSpan> braveSpans = new CopyOnWriteArrayList<>();
		try (Tracing tracing = brave(braveSpans)) {
			BraveTracer tracer = tracer(tracing);
			ObservationRegistry registry = ObservationRegistry.create();
			ObservationHandler<Observation.Context> braveHandler = new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new DefaultTracingObservationHandler(tracer));
			ObservationHandler<Observation.Context> ours = new TraceObservationHandler(this.trace, List.of(), (c) -> false);
			if (order.equals("first")) {
				registry.observationConfig().observationHandler(braveHandler).observationHandler(ours);
			}
			else {
				registry.observationConfig().observationHandler(ours).observationHandler(braveHandler);
			}
			Observation outer = Observation.start("outer", registry);
			try (Observation.Scope scope = outer.openScope()) {
				this.trace.end(this.trace.start("work"));
			}
			outer.stop();
			MutableSpan braveOuter = braveSpans.stream().filter((s) -> "outer".equals(s.name())).findFirst().orElseThrow();
			List<SpanRecord> records = this.trace.flush();
			SpanRecord ourOuter = named(records, "outer");
			// One trace, Brave's: our root is a child of Brave's span for the same observation.
			assertThat(ourOuter.traceId()).isEqualTo(braveOuter.traceId());
			assertThat(ourOuter.parentSpanId()).isEqualTo(braveOuter.id());
			assertThat(named(records, "work").traceId()).isEqualTo(braveOuter.traceId());
		}
	}

	/** Brave sampling everything, with 128-bit trace ids as Boot configures it, keeping what it ends. */
	private static Tracing brave(List<MutableSpan> ended) {
		return Tracing.newBuilder().sampler(Sampler.ALWAYS_SAMPLE).traceId128Bit(true).addSpanHandler(new SpanHandler() {
			@Override
			public boolean end(TraceContext context, MutableSpan span, Cause cause) {
				ended.add(span);
				return true;
			}
		}).build();
	}

	private static BraveTracer tracer(Tracing tracing) {
		return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
				new BraveBaggageManager());
	}

	private static SpanRecord named(List<SpanRecord> spans, String name) {
		return spans.stream().filter((span) -> span.name().equals(name)).findFirst()
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
	}


}
