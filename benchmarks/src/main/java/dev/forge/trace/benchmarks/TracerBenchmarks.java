package dev.forge.trace.benchmarks;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceService;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Recording;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of recording one span, side by side: TraceService, the OpenTelemetry SDK,
 * Brave, Micrometer Observation and a JFR event, against the floor of the three clock
 * readings every span needs. Tracers that keep spans are drained every 4096 operations
 * on each thread, as an application would drain them, and that cost is included.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class TracerBenchmarks {

	private static final int DRAIN_EVERY = 4096;

	private final Map<String, Object> attributes = Map.of("userId", 42, "region", "eu-west");

	private TraceService trace;

	private SdkTracerProvider otelSimpleProvider;

	private InMemorySpanExporter otelSimpleExporter;

	private Tracer otelSimple;

	private SdkTracerProvider otelBatchProvider;

	private InMemorySpanExporter otelBatchExporter;

	private Tracer otelBatch;

	private Tracing brave;

	private Tracing braveKept;

	private final Queue<MutableSpan> braveKeptSpans = new ConcurrentLinkedQueue<>();

	private ObservationRegistry observations;

	private Recording recording;

	@Setup(Level.Trial)
	public void setUp() {
		this.trace = new TraceService(TraceOptions.builder().maxFinishedSpans(100_000).build());
		this.otelSimpleExporter = InMemorySpanExporter.create();
		this.otelSimpleProvider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(this.otelSimpleExporter))
			.build();
		this.otelSimple = this.otelSimpleProvider.get("benchmarks");
		this.otelBatchExporter = InMemorySpanExporter.create();
		this.otelBatchProvider = SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor.builder(this.otelBatchExporter).build())
			.build();
		this.otelBatch = this.otelBatchProvider.get("benchmarks");
		// Without a handler Brave logs every span; this one keeps nothing.
		this.brave = Tracing.newBuilder().localServiceName("benchmarks").addSpanHandler(new SpanHandler() {
			@Override
			public boolean end(TraceContext context, MutableSpan span, Cause cause) {
				return true;
			}
		}).build();
		this.braveKept = Tracing.newBuilder().localServiceName("benchmarks-kept").addSpanHandler(new SpanHandler() {
			@Override
			public boolean end(TraceContext context, MutableSpan span, Cause cause) {
				TracerBenchmarks.this.braveKeptSpans.add(span);
				return true;
			}
		}).build();
		this.observations = ObservationRegistry.create();
		this.observations.observationConfig().observationHandler(new TimingHandler());
		this.recording = new Recording();
		// No stack traces: none of the other recorders capture one.
		this.recording.enable(OperationEvent.class).withoutStackTrace();
		this.recording.setToDisk(false);
		this.recording.start();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.otelSimpleProvider.close();
		this.otelBatchProvider.close();
		this.brave.close();
		this.braveKept.close();
		this.recording.close();
	}

	/** Per-thread operation count, for draining every {@value #DRAIN_EVERY} operations. */
	@State(Scope.Thread)
	public static class Operations {

		int count;

		boolean drainNow() {
			return (++this.count & (DRAIN_EVERY - 1)) == 0;
		}

	}

	@Benchmark
	public void floorThreeClockReadings(Blackhole blackhole) {
		blackhole.consume(System.currentTimeMillis());
		blackhole.consume(System.nanoTime());
		blackhole.consume(System.nanoTime());
	}

	@Benchmark
	@Threads(2)
	public void floorThreeClockReadingsTwoThreads(Blackhole blackhole) {
		floorThreeClockReadings(blackhole);
	}

	@Benchmark
	public SpanRecord traceServiceStartEnd(Operations operations) {
		SpanRecord record = this.trace.end(this.trace.start("operation"));
		if (operations.drainNow()) {
			this.trace.flush();
		}
		return record;
	}

	@Benchmark
	@Threads(2)
	public SpanRecord traceServiceStartEndTwoThreads(Operations operations) {
		return traceServiceStartEnd(operations);
	}

	@Benchmark
	public SpanRecord traceServiceStartEndWithAttributes(Operations operations) {
		SpanRecord record = this.trace.end(this.trace.start("operation", this.attributes));
		if (operations.drainNow()) {
			this.trace.flush();
		}
		return record;
	}

	@Benchmark
	public SpanRecord traceServiceInstant(Operations operations) {
		SpanRecord record = this.trace.instant("event");
		if (operations.drainNow()) {
			this.trace.flush();
		}
		return record;
	}

	@Benchmark
	public Span otelSimpleProcessor(Operations operations) {
		Span span = this.otelSimple.spanBuilder("operation").startSpan();
		span.end();
		if (operations.drainNow()) {
			this.otelSimpleExporter.reset();
		}
		return span;
	}

	@Benchmark
	@Threads(2)
	public Span otelSimpleProcessorTwoThreads(Operations operations) {
		return otelSimpleProcessor(operations);
	}

	@Benchmark
	public Span otelBatchProcessor(Operations operations) {
		Span span = this.otelBatch.spanBuilder("operation").startSpan();
		span.end();
		if (operations.drainNow()) {
			this.otelBatchExporter.reset();
		}
		return span;
	}

	@Benchmark
	@Threads(2)
	public Span otelBatchProcessorTwoThreads(Operations operations) {
		return otelBatchProcessor(operations);
	}

	@Benchmark
	public brave.Span braveNothingKept() {
		brave.Span span = this.brave.tracer().nextSpan().start();
		span.finish();
		return span;
	}

	@Benchmark
	public brave.Span braveKeptByHandler(Operations operations) {
		brave.Span span = this.braveKept.tracer().nextSpan().start();
		span.finish();
		if (operations.drainNow()) {
			this.braveKeptSpans.clear();
		}
		return span;
	}

	@Benchmark
	public Observation micrometerObservationWithTimingHandler() {
		Observation observation = Observation.start("operation", this.observations);
		observation.stop();
		return observation;
	}

	@Benchmark
	public void jfrEventBeginCommit() {
		OperationEvent event = new OperationEvent();
		event.operation = "operation";
		event.begin();
		event.commit();
	}

	/** A custom JFR event with the span's name. */
	@Name("dev.forge.trace.benchmarks.Operation")
	@Label("Operation")
	static class OperationEvent extends Event {

		@Label("Operation")
		String operation;

	}

}
