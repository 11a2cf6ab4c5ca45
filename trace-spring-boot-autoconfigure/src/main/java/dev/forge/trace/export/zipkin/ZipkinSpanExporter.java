package dev.forge.trace.export.zipkin;

import java.util.ArrayList;
import java.util.List;

import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceIds;
import dev.forge.trace.export.BatchInstants;
import dev.forge.trace.export.HttpPost;
import dev.forge.trace.export.SpanExporter;
import dev.forge.trace.export.SpanIds;
import dev.forge.trace.export.SpanTags;
import org.jspecify.annotations.Nullable;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.codec.Encoding;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Zipkin v2 spans, built with Zipkin's own model and encoded with its JSON v2 or proto3
 * encoder, posted to {@code /api/v2/spans}. Parent links follow {@code parentId}; attributes and
 * results are tags; a failed span has Zipkin's {@code error} tag; the thread is in
 * {@code thread.name} and {@code thread.id}. An instant is an annotation of its parent
 * when the parent is in the same batch, and otherwise a span of its own with no duration
 * and one annotation.
 */
public final class ZipkinSpanExporter implements SpanExporter {

	private final HttpPost post;

	private final Endpoint localEndpoint;

	private final SpanBytesEncoder encoder;

	private final String contentType;

	private final TraceIds traceIds;

	/**
	 * Creates an exporter that sends JSON, with trace ids of its own random high bits.
	 * @param post where and how to post, such as {@code http://localhost:9411/api/v2/spans}
	 * @param serviceName the service name, usually {@code spring.application.name}
	 */
	public ZipkinSpanExporter(HttpPost post, String serviceName) {
		this(post, serviceName, SpanBytesEncoder.JSON_V2, TraceIds.random());
	}

	/**
	 * Creates an exporter.
	 * @param post where and how to post, such as {@code http://localhost:9411/api/v2/spans}
	 * @param serviceName the service name, usually {@code spring.application.name}
	 * @param encoder {@link SpanBytesEncoder#JSON_V2} or {@link SpanBytesEncoder#PROTO3}
	 * @param traceIds how the tracer names its spans and traces, its
	 * {@code TraceService.traceIds()}
	 */
	public ZipkinSpanExporter(HttpPost post, String serviceName, SpanBytesEncoder encoder, TraceIds traceIds) {
		this.post = post;
		this.traceIds = traceIds;
		this.localEndpoint = Endpoint.newBuilder().serviceName(serviceName).build();
		this.encoder = encoder;
		this.contentType = (encoder.encoding() == Encoding.PROTO3) ? "application/x-protobuf" : "application/json";
	}

	@Override
	public String name() {
		return "zipkin";
	}

	@Override
	public void export(List<SpanRecord> spans) throws InterruptedException {
		this.post.post(this.contentType, this.encoder.encodeList(toZipkin(spans)));
	}

	/** Converts a batch; visible for the benchmark and tests. */
	public List<Span> toZipkin(List<SpanRecord> records) {
		BatchInstants instants = BatchInstants.of(records);
		SpanTags tags = new SpanTags(this.traceIds);
		SpanIds ids = tags.ids();
		Span.Builder span = Span.newBuilder();
		Tags tagSink = new Tags(span);
		List<Span> spans = new ArrayList<>(records.size());
		for (SpanRecord record : records) {
			if (instants.belongsToItsParent(record)) {
				continue; // an annotation of its parent
			}
			boolean instant = record.durationNanos() == 0;
			span.clear();
			span.traceId(ids.traceId(record.rootId()))
				.id(ids.spanId(record.id()))
				.name(record.name())
				.timestamp(record.startEpochNanos() / 1000)
				.localEndpoint(this.localEndpoint)
				.putTag("thread.name", record.threadName())
				.putTag("thread.id", tagSink.threadId(record.threadId()));
			String parentId = ids.parentId(record);
			if (parentId != null) {
				span.parentId(parentId);
			}
			// Zipkin links services through kinded spans; it leaves internal ones unkinded.
			span.kind(zipkinKind(record.kind()));
			if (instant) {
				span.addAnnotation(record.startEpochNanos() / 1000, record.name());
			}
			else {
				span.duration(Math.max(1, record.durationNanos() / 1000));
			}
			String error = tags.flatten(record, tagSink);
			if (error != null) {
				span.putTag("error", error);
			}
			for (SpanRecord child : instants.of(record.id())) {
				span.addAnnotation(child.startEpochNanos() / 1000, child.name());
			}
			spans.add(span.build());
		}
		return spans;
	}

	/** Puts each flattened tag on the span being built. */
	private static final class Tags implements SpanTags.TagVisitor {

		private final Span.Builder span;

		private long lastThreadId = -1;

		private String lastThreadIdText;

		Tags(Span.Builder span) {
			this.span = span;
		}

		@Override
		public void string(String key, String value) {
			this.span.putTag(key, value);
		}

		/** Consecutive spans usually ran on one thread. */
		String threadId(long threadId) {
			if (threadId != this.lastThreadId) {
				this.lastThreadId = threadId;
				this.lastThreadIdText = Long.toString(threadId);
			}
			return this.lastThreadIdText;
		}

	}

	private static Span.@Nullable Kind zipkinKind(SpanKind kind) {
		return switch (kind) {
			case SERVER -> Span.Kind.SERVER;
			case CLIENT -> Span.Kind.CLIENT;
			case PRODUCER -> Span.Kind.PRODUCER;
			case CONSUMER -> Span.Kind.CONSUMER;
			case INTERNAL -> null;
		};
	}

}
