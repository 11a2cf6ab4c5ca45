package dev.forge.trace.export.otlp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.forge.trace.export.HttpPost;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;

/**
 * The SDK's OTLP exporter sending through {@link HttpPost}, by the SDK's public
 * {@link HttpSenderProvider} interface: the same transport as the other exporters, whose
 * timeout bounds the whole exchange and which never holds a response body. It sends on
 * the calling thread (the exporter's own) and reports failures as the
 * {@link dev.forge.trace.export.ExportException} the transport threw, so the drainer's
 * retry rules apply to OTLP as they do to Zipkin.
 */
final class PostingHttpSender implements HttpSender {

	private static final HttpResponse OK = new HttpResponse() {

		@Override
		public int getStatusCode() {
			return 200;
		}

		@Override
		public String getStatusMessage() {
			return "OK";
		}

		@Override
		public byte[] getResponseBody() {
			return new byte[0];
		}

	};

	private final HttpPost post;

	private final HttpSenderConfig config;

	PostingHttpSender(HttpSenderConfig config) {
		this.config = config;
		this.post = new HttpPost(config.getEndpoint(), Map.of(), config.getTimeout());
	}

	/**
	 * Loads this sender for the SDK's exporter, and everything else as the SDK would.
	 * @return the loader to give the exporter's builder
	 */
	static ComponentLoader loader() {
		ComponentLoader standard = ComponentLoader.forClassLoader(PostingHttpSender.class.getClassLoader());
		HttpSenderProvider provider = PostingHttpSender::new;
		return new ComponentLoader() {

			@Override
			@SuppressWarnings("unchecked")
			public <T> Iterable<T> load(Class<T> type) {
				return (type == HttpSenderProvider.class) ? List.of((T) provider) : standard.load(type);
			}

		};
	}

	@Override
	public void send(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
		try {
			Map<String, String> headers = new LinkedHashMap<>();
			this.config.getHeadersSupplier().get().forEach((name, values) -> headers.put(name, String.join(",", values)));
			ByteArrayOutputStream body = new ByteArrayOutputStream(Math.max(64, writer.getContentLength()));
			Compressor compressor = this.config.getCompressor();
			if (compressor != null) {
				headers.put("Content-Encoding", compressor.getEncoding());
				try (OutputStream out = compressor.compress(body)) {
					writer.writeMessage(out);
				}
			}
			else {
				writer.writeMessage(body);
			}
			this.post.post(this.config.getContentType(), body.toByteArray(), headers);
			onResponse.accept(OK);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			onError.accept(ex);
		}
		catch (IOException | RuntimeException ex) {
			onError.accept(ex);
		}
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
