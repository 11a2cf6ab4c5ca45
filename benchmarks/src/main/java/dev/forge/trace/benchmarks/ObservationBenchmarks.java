package dev.forge.trace.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import brave.Tracing;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceService;
import dev.forge.trace.observation.TraceObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
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
 * One observation started and stopped, with the handlers an application with actuator
 * runs: Boot's metrics handler alone, with the observation bridge added, and with
 * Micrometer Tracing's handler (Brave, every span sampled and handed to a handler that
 * keeps nothing) added instead. Handlers are grouped as Spring Boot groups them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class ObservationBenchmarks {

	private static final int DRAIN_EVERY = 4096;

	private ObservationRegistry metricsOnly;

	private ObservationRegistry withBridge;

	private ObservationRegistry withTracing;

	private TraceService trace;

	private Tracing tracing;

	private int count;

	@Setup(Level.Trial)
	public void setUp() {
		this.metricsOnly = metricsRegistry();
		this.trace = new TraceService(TraceOptions.builder().maxFinishedSpans(100_000).build());
		this.withBridge = metricsRegistry();
		this.withBridge.observationConfig()
			.observationHandler(new TraceObservationHandler(this.trace, List.of(), (context) -> false));
		this.tracing = BraveFixtures.sampled();
		BraveTracer tracer = BraveFixtures.micrometerTracer(this.tracing);
		this.withTracing = metricsRegistry();
		this.withTracing.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new DefaultTracingObservationHandler(tracer)));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.tracing.close();
	}

	/** A registry with Boot's metrics handler alone, grouped as Boot groups it: each case's baseline. */
	static ObservationRegistry metricsRegistry() {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new DefaultMeterObservationHandler(new SimpleMeterRegistry())));
		return registry;
	}

	@Benchmark
	public Observation observationMetricsOnly() {
		return observe(this.metricsOnly);
	}

	@Benchmark
	public Observation observationWithBridge() {
		Observation observation = observe(this.withBridge);
		if ((++this.count & (DRAIN_EVERY - 1)) == 0) {
			this.trace.flush();
		}
		return observation;
	}

	@Benchmark
	public Observation observationWithMicrometerTracing() {
		return observe(this.withTracing);
	}

	private static Observation observe(ObservationRegistry registry) {
		Observation observation = Observation.createNotStarted("operation", registry)
			.lowCardinalityKeyValue("outcome", "SUCCESS")
			.start();
		observation.stop();
		return observation;
	}

}
