package dev.forge.trace.export;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body an exporter reads without holding it: the first {@link #KEPT} bytes are
 * kept as text for an error message, the rest discarded, and past {@link #MAX_READ} bytes
 * reading stops and the connection is given up. A backend answering with gigabytes costs
 * a few kilobytes.
 */
final class CappedBody implements HttpResponse.BodySubscriber<String> {

	/** The bytes kept for a message. */
	static final int KEPT = 256;

	/** The most bytes read; a small body is read whole so the connection can be reused. */
	static final int MAX_READ = 64 * 1024;

	static final HttpResponse.BodyHandler<String> HANDLER = (info) -> new CappedBody();

	private final CompletableFuture<String> text = new CompletableFuture<>();

	private final byte[] kept = new byte[KEPT];

	private int keptLength;

	private long read;

	private Flow.Subscription subscription;

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(1);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		for (ByteBuffer buffer : buffers) {
			int remaining = buffer.remaining();
			int keep = Math.min(remaining, KEPT - this.keptLength);
			buffer.get(this.kept, this.keptLength, keep);
			this.keptLength += keep;
			this.read += remaining;
		}
		if (this.read > MAX_READ) {
			this.subscription.cancel();
			complete("...");
		}
		else {
			this.subscription.request(1);
		}
	}

	@Override
	public void onError(Throwable failure) {
		this.text.completeExceptionally(failure);
	}

	@Override
	public void onComplete() {
		complete((this.read > this.keptLength) ? "..." : "");
	}

	private void complete(String suffix) {
		String body = new String(this.kept, 0, this.keptLength, StandardCharsets.UTF_8).strip();
		this.text.complete(body.isEmpty() ? body : body + suffix);
	}

	@Override
	public CompletionStage<String> getBody() {
		return this.text;
	}

}
