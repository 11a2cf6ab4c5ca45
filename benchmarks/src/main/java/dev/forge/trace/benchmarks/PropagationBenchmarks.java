package dev.forge.trace.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import brave.Tracing;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceService;
import dev.forge.trace.observation.TraceObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A request as a service sees it, through observations with Boot's metrics handler: a
 * server observation whose request carries a B3 header (extracted), in scope (the MDC
 * updated), making one client call (its headers injected). Three ways: metrics alone;
 * with the observation bridge (extraction, injection and log correlation on, its
 * defaults); and with Micrometer Tracing + Brave instead (its propagating handlers, every
 * span sampled, its MDC scope decorator). What each adds over metrics alone is the figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class PropagationBenchmarks {

	private static final int DRAIN_EVERY = 4096;

	private static final String B3 = "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1";

	private ObservationRegistry metricsOnly;

	private ObservationRegistry withBridge;

	private ObservationRegistry withTracing;

	private TraceService trace;

	private Tracing tracing;

	private int count;

	@Setup(Level.Trial)
	public void setUp() {
		this.metricsOnly = ObservationBenchmarks.metricsRegistry();
		// The defaults: drained every 4,096 requests (8,192 spans), the buffer of 10,000 never fills.
		this.trace = new TraceService(TraceOptions.builder().build());
		this.withBridge = ObservationBenchmarks.metricsRegistry();
		this.withBridge.observationConfig()
			.observationHandler(new TraceObservationHandler(this.trace, List.of(), (context) -> false));
		this.tracing = BraveFixtures.sampledWithLogCorrelation();
		BraveTracer tracer = BraveFixtures.micrometerTracer(this.tracing);
		BravePropagator propagator = new BravePropagator(this.tracing);
		this.withTracing = ObservationBenchmarks.metricsRegistry();
		// As Boot groups them: the first handler that supports the context does the tracing.
		this.withTracing.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracing.close();
	}

	@Benchmark
	public Map<String, String> requestMetricsOnly() {
		return request(this.metricsOnly);
	}

	@Benchmark
	public Map<String, String> requestWithBridge() {
		Map<String, String> sent = request(this.withBridge);
		if ((++this.count & (DRAIN_EVERY - 1)) == 0) {
			this.trace.flush();
		}
		return sent;
	}

	@Benchmark
	public Map<String, String> requestWithMicrometerTracing() {
		return request(this.withTracing);
	}

	private static Map<String, String> request(ObservationRegistry registry) {
		Map<String, String> received = Map.of("b3", B3);
		ReceiverContext<Map<String, String>> server = new ReceiverContext<>(Map::get);
		server.setCarrier(received);
		Observation request = Observation.createNotStarted("http.server.requests", () -> server, registry).start();
		Map<String, String> sent = new HashMap<>(8);
		try (Observation.Scope scope = request.openScope()) {
			SenderContext<Map<String, String>> client = new SenderContext<>(Map::put);
			client.setCarrier(sent);
			Observation.createNotStarted("http.client.requests", () -> client, registry).start().stop();
		}
		request.stop();
		return sent;
	}

}
