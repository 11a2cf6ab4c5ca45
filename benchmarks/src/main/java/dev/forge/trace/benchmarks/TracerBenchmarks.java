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
 * Brave, Micrometer Observation and a JFR event, against two floors: the two clock
 * readings every span needs, and a skeleton span that keeps its record with no lock,
 * statistics or bound ({@link SkeletonTracer}); and TraceService with thousands of
 * long-lived active spans. Tracers that keep spans are drained every 4096 operations
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

	private TraceService traceWithoutRecent;

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
		this.traceWithoutRecent = new TraceService(
				TraceOptions.builder().maxFinishedSpans(100_000).recentSpans(0).build());
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
		this.brave = Tracing.newBuilder().localServiceName("benchmarks").addSpanHandler(BraveFixtures.KEEP_NOTHING).build();
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

	/** The two monotonic readings a span needs now that its start time is anchored. */
	@Benchmark
	public void floorTwoClockReadings(Blackhole blackhole) {
		blackhole.consume(System.nanoTime());
		blackhole.consume(System.nanoTime());
	}

	@Benchmark
	@Threads(2)
	public void floorTwoClockReadingsTwoThreads(Blackhole blackhole) {
		floorTwoClockReadings(blackhole);
	}

	/**
	 * A span with nothing but what keeping its record needs ({@link SkeletonTracer}): no
	 * lock, statistics or bound. The floor a ratio against OpenTelemetry is read from.
	 */
	@Benchmark
	public Object floorSkeletonSpan(SkeletonTracer tracer) {
		return tracer.end(tracer.start("operation"));
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

	/** The same with the recent window off: the window is filled by drains, not by start or end. */
	@Benchmark
	public SpanRecord traceServiceStartEndWithoutRecentWindow(Operations operations) {
		SpanRecord record = this.traceWithoutRecent.end(this.traceWithoutRecent.start("operation"));
		if (operations.drainNow()) {
			this.traceWithoutRecent.flush();
		}
		return record;
	}

	/** A span that is current while it runs: what {@code @Traced} and {@code TraceScope} do. */
	@Benchmark
	public SpanRecord traceServiceScopedStartEnd(Operations operations) {
		long id = this.trace.startScoped("operation", null);
		this.trace.closeScope(id);
		SpanRecord record = this.trace.end(id);
		if (operations.drainNow()) {
			this.trace.flush();
		}
		return record;
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

	// Filling the table trains the JIT on a path the measurement no longer takes: warm up longer.
	@Benchmark
	@Warmup(iterations = 8, time = 1)
	public SpanRecord traceServiceStartEnd5kActive(ActiveSpans5k active) {
		return active.startEnd();
	}

	@Benchmark
	@Warmup(iterations = 8, time = 1)
	public SpanRecord traceServiceStartEnd50kActive(ActiveSpans50k active) {
		return active.startEnd();
	}

	/** Each start finds the active table full and evicts the eldest span. */
	@Benchmark
	@Warmup(iterations = 8, time = 1)
	public long traceServiceStartAtActiveCap(ActiveCap cap) {
		return cap.trace.start("operation");
	}

	/**
	 * A tracer holding long-lived active spans, started by the measuring thread itself so
	 * they share its stripe, as the spans of a thread's own long requests would.
	 */
	@State(Scope.Thread)
	public abstract static class LongLivedSpans {

		TraceService trace;

		int count;

		abstract int active();

		@Setup(Level.Trial)
		public void start() {
			this.trace = new TraceService(
					TraceOptions.builder().maxActiveSpans(active() + 1_000).maxFinishedSpans(100_000).build());
			for (int i = 0; i < active(); i++) {
				this.trace.start("long-lived");
			}
		}

		SpanRecord startEnd() {
			SpanRecord record = this.trace.end(this.trace.start("operation"));
			if ((++this.count & (DRAIN_EVERY - 1)) == 0) {
				this.trace.flush();
			}
			return record;
		}

	}

	public static class ActiveSpans5k extends LongLivedSpans {

		@Override
		int active() {
			return 5_000;
		}

	}

	public static class ActiveSpans50k extends LongLivedSpans {

		@Override
		int active() {
			return 50_000;
		}

	}

	/** A tracer at its active cap: every start evicts. */
	@State(Scope.Thread)
	public static class ActiveCap {

		TraceService trace;

		@Setup(Level.Trial)
		public void fill() {
			this.trace = new TraceService(TraceOptions.builder().maxActiveSpans(10_000).build());
			for (int i = 0; i < 10_000; i++) {
				this.trace.start("long-lived");
			}
		}

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
