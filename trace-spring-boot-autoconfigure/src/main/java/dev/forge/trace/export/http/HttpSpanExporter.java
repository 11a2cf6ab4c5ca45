package dev.forge.trace.export.http;

import java.util.List;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.export.HttpPost;
import dev.forge.trace.export.SpanExporter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference README's HTTP export: a POST of the JSON array of records in the
 * reference shape.
 */
public final class HttpSpanExporter implements SpanExporter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpPost post;

	/**
	 * Creates an exporter.
	 * @param post where and how to post
	 */
	public HttpSpanExporter(HttpPost post) {
		this.post = post;
	}

	@Override
	public String name() {
		return "http";
	}

	@Override
	public void export(List<SpanRecord> spans) throws InterruptedException {
		this.post.post("application/json", JSON.writeValueAsBytes(spans));
	}

}
