package dev.forge.trace.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import dev.forge.trace.export.HttpPost;
import dev.forge.trace.export.otlp.OtlpSpanExporter;
import dev.forge.trace.export.zipkin.ZipkinSpanExporter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import zipkin2.codec.SpanBytesEncoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The export path, per span: a batch of 1,000 finished spans (two attributes, nested two
 * deep) encoded and sent on the measuring thread to a loopback sink that answers 200, by
 * the Zipkin (JSON and proto3) and OTLP exporters, beside the OpenTelemetry SDK recording
 * the same spans and exporting them with its {@code BatchSpanProcessor} and OTLP exporter
 * to the same sink ({@code forceFlush} each batch). Scores are nanoseconds per span. The
 * exporters' code paths warm up slowly (the first iterations after three warm-ups were
 * still twice as slow), hence five warm-ups and three forks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class ExportBenchmarks {

	private static final int BATCH = 1000;

	private HttpServer sink;

	private List<SpanRecord> batch;

	private ZipkinSpanExporter zipkin;

	private ZipkinSpanExporter zipkinProto3;

	private OtlpSpanExporter otlp;

	private SdkTracerProvider sdk;

	private Tracer sdkTracer;

	private OtlpHttpSpanExporter sdkExporter;

	private java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> sdkBatch;

	private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory
		.getThreadMXBean();

	private final AtomicLong sdkExported = new AtomicLong();

	private final AtomicLong sinkCpu = new AtomicLong();

	private long sdkRecorded;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		byte[] discard = new byte[64 * 1024];
		// The sink reads each body into one buffer and drops it, so that what is measured
		// is the exporters' work, not the sink's copies of the body.
		this.sink.createContext("/", (exchange) -> {
			long cpu = THREADS.getCurrentThreadCpuTime();
			try (var body = exchange.getRequestBody()) {
				while (body.read(discard) >= 0) {
					// Discarded.
				}
			}
			this.sinkCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.sink.start();
		String base = "http://127.0.0.1:" + this.sink.getAddress().getPort();
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(BATCH).build());
		for (int i = 0; i < BATCH / 2; i++) {
			try (TraceScope scope = trace.openScope("request", Map.of("user", 42, "region", "eu-west"))) {
				trace.end(trace.start("query", Map.of("table", "orders", "rows", i)));
			}
		}
		this.batch = trace.flush();
		this.zipkin = new ZipkinSpanExporter(new HttpPost(URI.create(base + "/api/v2/spans"), Map.of(),
				Duration.ofSeconds(10)), "benchmarks");
		this.zipkinProto3 = new ZipkinSpanExporter(new HttpPost(URI.create(base + "/api/v2/spans"), Map.of(),
				Duration.ofSeconds(10)), "benchmarks", SpanBytesEncoder.PROTO3, trace.traceIds());
		this.otlp = new OtlpSpanExporter(URI.create(base + "/v1/traces"), Map.of(), "none", Duration.ofSeconds(10),
				"benchmarks");
		// With a queue of twice the batch, the processor dropped about a third of the spans
		// (its queue fills while an export is under way) and its time per span counted
		// spans it never sent. The queue is made large enough to drop none, and tearDown
		// checks that every span recorded was handed to the exporter.
		OtlpHttpSpanExporter sdkOtlp = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build();
		this.sdk = SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor.builder(new CountingExporter(sdkOtlp, this.sdkExported))
				.setMaxExportBatchSize(BATCH)
				.setMaxQueueSize(BATCH * 1000)
				.build())
			.build();
		this.sdkTracer = this.sdk.get("benchmarks");
		// The same spans recorded by the SDK, to time its exporter alone.
		io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter memory = io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
			.create();
		try (SdkTracerProvider recorder = SdkTracerProvider.builder()
			.addSpanProcessor(io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(memory))
			.build()) {
			recordSdkSpans(recorder.get("benchmarks"));
			this.sdkBatch = memory.getFinishedSpanItems();
		}
		this.sdkExporter = OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.sdk.forceFlush().join(10, TimeUnit.SECONDS);
		if (this.sdkRecorded != this.sdkExported.get()) {
			throw new IllegalStateException("The SDK's BatchSpanProcessor exported " + this.sdkExported.get() + " of "
					+ this.sdkRecorded + " spans: its time per span would count spans it dropped");
		}
		this.zipkin.close();
		this.zipkinProto3.close();
		this.otlp.close();
		this.sdk.close();
		this.sdkExporter.close();
		this.sink.stop(0);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void zipkinExport() throws InterruptedException {
		this.zipkin.export(this.batch);
	}

	/** The same with Zipkin's proto3 encoding ({@code trace.export.zipkin.encoding=proto3}). */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void zipkinExportProto3() throws InterruptedException {
		this.zipkinProto3.export(this.batch);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void otlpExport() throws InterruptedException {
		this.otlp.export(this.batch);
	}

	/** The SDK's OTLP exporter alone, sending the same spans as the SDK records them. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void sdkOtlpExporter() {
		this.sdkExporter.export(this.sdkBatch).join(10, TimeUnit.SECONDS);
	}

	/** The SDK records the same shape of spans and its batch processor exports them. */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void sdkBatchSpanProcessorOtlp() {
		recordSdkSpans(this.sdkTracer);
		this.sdkRecorded += BATCH;
		this.sdk.forceFlush().join(10, TimeUnit.SECONDS);
	}

	private static void recordSdkSpans(Tracer tracer) {
		for (int i = 0; i < BATCH / 2; i++) {
			Span request = tracer.spanBuilder("request")
				.setAttribute("user", 42)
				.setAttribute("region", "eu-west")
				.startSpan();
			try (var scope = request.makeCurrent()) {
				tracer.spanBuilder("query")
					.setAttribute("table", "orders")
					.setAttribute("rows", i)
					.startSpan()
					.end();
			}
			request.end();
		}
	}

	/** @return the CPU time the sink spent on requests so far, for {@link ExportCpu} */
	long sinkCpuNanos() {
		return this.sinkCpu.get();
	}

	/** Counts what the batch processor hands to its exporter. */
	private record CountingExporter(SpanExporter delegate, AtomicLong exported) implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			this.exported.addAndGet(spans.size());
			return this.delegate.export(spans);
		}

		@Override
		public CompletableResultCode flush() {
			return this.delegate.flush();
		}

		@Override
		public CompletableResultCode shutdown() {
			return this.delegate.shutdown();
		}

	}

}
