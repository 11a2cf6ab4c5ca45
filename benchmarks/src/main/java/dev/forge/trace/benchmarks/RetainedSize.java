package dev.forge.trace.benchmarks;

import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceService;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.openjdk.jol.info.GraphLayout;

/**
 * Heap retained per finished span, measured with JOL as the growth of the reachable graph
 * of the object that keeps the spans (the TraceService; OpenTelemetry's in-memory
 * exporter holding {@code SpanData}) when 10,000 spans without attributes finish. Objects
 * shared by all spans (names, resources) are in both graphs and cancel out. Prints JSON.
 */
public final class RetainedSize {

	private static final int SPANS = 10_000;

	private RetainedSize() {
	}

	public static void main(String[] args) {
		double traceService = traceService();
		double otel = openTelemetry();
		System.out.printf("{\"traceServiceBytesPerSpan\":%.1f,\"openTelemetrySpanDataBytesPerSpan\":%.1f}%n",
				traceService, otel);
	}

	static double traceService() {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(SPANS).build());
		// Take the stripe's first id block and shape the buffer before the baseline.
		trace.end(trace.start("operation"));
		trace.flush();
		long before = GraphLayout.parseInstance(trace).totalSize();
		for (int i = 0; i < SPANS; i++) {
			trace.end(trace.start("operation"));
		}
		if (trace.stats().buffered() != SPANS) {
			throw new IllegalStateException("Expected " + SPANS + " buffered spans: " + trace.stats());
		}
		return (GraphLayout.parseInstance(trace).totalSize() - before) / (double) SPANS;
	}

	static double openTelemetry() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build()) {
			var tracer = provider.get("retained");
			tracer.spanBuilder("operation").startSpan().end();
			long before = GraphLayout.parseInstance(exporter).totalSize();
			for (int i = 0; i < SPANS; i++) {
				tracer.spanBuilder("operation").startSpan().end();
			}
			return (GraphLayout.parseInstance(exporter).totalSize() - before) / (double) SPANS;
		}
	}

}
