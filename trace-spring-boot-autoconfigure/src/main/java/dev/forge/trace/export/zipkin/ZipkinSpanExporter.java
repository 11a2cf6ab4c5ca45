package dev.forge.trace.export.zipkin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.export.HttpPost;
import dev.forge.trace.export.SpanExporter;
import dev.forge.trace.export.SpanTags;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Zipkin v2 spans, built with Zipkin's own model and encoded with its JSON v2 encoder,
 * posted to {@code /api/v2/spans}. Parent links follow {@code parentId}; attributes and
 * results are tags; a failed span has Zipkin's {@code error} tag; the thread is in
 * {@code thread.name} and {@code thread.id}. An instant is an annotation of its parent
 * when the parent is in the same batch, and otherwise a span of its own with no duration
 * and one annotation.
 */
public final class ZipkinSpanExporter implements SpanExporter {

	private final HttpPost post;

	private final Endpoint localEndpoint;

	/**
	 * Creates an exporter.
	 * @param post where and how to post, such as {@code http://localhost:9411/api/v2/spans}
	 * @param serviceName the service name, usually {@code spring.application.name}
	 */
	public ZipkinSpanExporter(HttpPost post, String serviceName) {
		this.post = post;
		this.localEndpoint = Endpoint.newBuilder().serviceName(serviceName).build();
	}

	@Override
	public String name() {
		return "zipkin";
	}

	@Override
	public void export(List<SpanRecord> spans) throws InterruptedException {
		this.post.post("application/json", SpanBytesEncoder.JSON_V2.encodeList(toZipkin(spans)));
	}

	/** Converts a batch; visible for the benchmark and tests. */
	public List<Span> toZipkin(List<SpanRecord> records) {
		Map<Long, Span.Builder> byId = new LinkedHashMap<>();
		Map<Long, SpanRecord> recordById = new HashMap<>();
		for (SpanRecord record : records) {
			recordById.put(record.id(), record);
		}
		List<SpanRecord> instants = new ArrayList<>();
		for (SpanRecord record : records) {
			boolean instant = record.durationMs() == 0.0;
			if (instant && record.parentId() != 0 && recordById.containsKey(record.parentId())) {
				instants.add(record);
				continue;
			}
			Span.Builder span = Span.newBuilder()
				.traceId(SpanTags.traceIdHigh(), record.rootId())
				.id(record.id())
				.name(record.name())
				.timestamp(record.startEpochNanos() / 1000)
				.localEndpoint(this.localEndpoint)
				.putTag("thread.name", record.threadName())
				.putTag("thread.id", Long.toString(record.threadId()));
			if (record.parentId() != 0) {
				span.parentId(record.parentId());
			}
			if (instant) {
				span.addAnnotation(record.startEpochNanos() / 1000, record.name());
			}
			else {
				span.duration(Math.max(1, record.durationNanos() / 1000));
			}
			Map<String, String> tags = new LinkedHashMap<>();
			String error = SpanTags.flatten(record, tags);
			tags.forEach(span::putTag);
			if (error != null) {
				span.putTag("error", error);
			}
			byId.put(record.id(), span);
		}
		for (SpanRecord instant : instants) {
			Span.Builder parent = byId.get(instant.parentId());
			if (parent != null) {
				parent.addAnnotation(instant.startEpochNanos() / 1000, instant.name());
			}
		}
		return byId.values().stream().map(Span.Builder::build).toList();
	}

}
