package dev.forge.trace.export.otlp;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceIds;
import dev.forge.trace.export.BatchInstants;
import dev.forge.trace.export.ExportException;
import dev.forge.trace.export.SpanExporter;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * OTLP over HTTP (protobuf), which every OpenTelemetry Collector, Jaeger and Grafana Tempo
 * accept, encoded by the OpenTelemetry SDK's own {@link OtlpHttpSpanExporter} and sent on the
 * JDK's HttpClient through the exporters' shared transport ({@link PostingHttpSender}), fed
 * through an adapter from {@link SpanRecord} to {@link SpanData}. Its own
 * retries are off: the drainer retries where retrying can help. The resource's
 * {@code service.name} is the application's name. An instant is an event of its parent
 * when the parent is in the same batch, and otherwise a span of its own with no duration.
 */
public final class OtlpSpanExporter implements SpanExporter {

	private final OtlpHttpSpanExporter delegate;

	private final Resource resource;

	private final Duration timeout;

	private final TraceIds traceIds;

	/**
	 * Creates an exporter with trace ids of its own random high bits.
	 * @param endpoint such as {@code http://localhost:4318/v1/traces}
	 * @param headers headers sent with every request
	 * @param compression {@code gzip} or {@code none}
	 * @param timeout the most one export may take
	 * @param serviceName the resource's {@code service.name}
	 */
	public OtlpSpanExporter(URI endpoint, Map<String, String> headers, String compression, Duration timeout,
			String serviceName) {
		this(endpoint, headers, compression, timeout, serviceName, TraceIds.random());
	}

	/**
	 * Creates an exporter.
	 * @param endpoint such as {@code http://localhost:4318/v1/traces}
	 * @param headers headers sent with every request
	 * @param compression {@code gzip} or {@code none}
	 * @param timeout the most one export may take
	 * @param serviceName the resource's {@code service.name}
	 * @param traceIds how the tracer names its spans and traces, its
	 * {@code TraceService.traceIds()}
	 */
	public OtlpSpanExporter(URI endpoint, Map<String, String> headers, String compression, Duration timeout,
			String serviceName, TraceIds traceIds) {
		this.traceIds = traceIds;
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
			.setEndpoint(endpoint.toString())
			.setCompression(compression)
			.setTimeout(timeout)
			.setRetryPolicy(null)
			.setComponentLoader(PostingHttpSender.loader());
		headers.forEach(builder::addHeader);
		this.delegate = builder.build();
		this.resource = Resource.getDefault().merge(Resource.create(Attributes.of(
				io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), serviceName)));
		this.timeout = timeout;
	}

	@Override
	public String name() {
		return "otlp";
	}

	@Override
	public void export(List<SpanRecord> spans) throws InterruptedException {
		CompletableResultCode result = this.delegate.export(toSpanData(spans));
		// The sender posts on this thread, so the result is settled by now; the wait is a guard.
		result.join(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		if (!result.isDone()) {
			throw ExportException.retryable("timeout", "OTLP export took longer than " + this.timeout, null);
		}
		if (!result.isSuccess()) {
			throw failure(result.getFailureThrowable());
		}
	}

	/** The transport's own failure, which the SDK wraps, or a retryable one when there is none. */
	private static ExportException failure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ExportException export) {
				return export;
			}
		}
		String message = (failure != null) ? String.valueOf(failure.getMessage()) : "OTLP export failed";
		return ExportException.retryable("connect", message, null);
	}

	/** Converts a batch; visible for the benchmark and tests. */
	public List<SpanData> toSpanData(List<SpanRecord> records) {
		BatchInstants instants = BatchInstants.of(records);
		SpanAttributes attributes = new SpanAttributes(this.traceIds);
		List<SpanData> spans = new ArrayList<>(records.size());
		for (SpanRecord record : records) {
			if (!instants.belongsToItsParent(record)) {
				spans.add(new RecordSpanData(record, this.resource, events(instants.of(record.id())), attributes));
			}
		}
		return spans;
	}

	private static List<EventData> events(List<SpanRecord> instants) {
		if (instants.isEmpty()) {
			return List.of();
		}
		List<EventData> events = new ArrayList<>(instants.size());
		for (SpanRecord instant : instants) {
			events.add(EventData.create(instant.startEpochNanos(), instant.name(), Attributes.empty()));
		}
		return events;
	}

	@Override
	public void close() {
		this.delegate.shutdown().join(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
