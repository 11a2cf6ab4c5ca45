package dev.forge.trace.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A POST on the JDK's {@link HttpClient}, which no observation instruments (an exporter's
 * own calls are never traced), with the HTTP outcome mapped to what retrying can do:
 * 2xx is delivered; connection errors, timeouts, 429, 502, 503 and 504 are worth
 * retrying (honouring {@code Retry-After} in seconds); anything else is not.
 * <p>
 * The timeout bounds the whole exchange, response body included, so a backend that
 * trickles its answer cannot hold the exporter. The response body is never kept: at most
 * {@link CappedBody#MAX_READ} bytes are read (so a small answer leaves the connection
 * reusable), the first few hundred of them only for an error message; a larger body
 * closes the connection.
 */
public final class HttpPost {

	private final HttpClient client;

	private final URI uri;

	private final Map<String, String> headers;

	private final Duration timeout;

	/**
	 * Creates a poster.
	 * @param uri where to post
	 * @param headers headers to send with every request
	 * @param timeout the most a whole exchange may take, response body included
	 */
	public HttpPost(URI uri, Map<String, String> headers, Duration timeout) {
		this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
		this.uri = uri;
		this.headers = Map.copyOf(headers);
		this.timeout = timeout;
	}

	/**
	 * Posts a body.
	 * @param contentType the body's media type
	 * @param body the body
	 * @throws ExportException when it was not delivered
	 * @throws InterruptedException when interrupted while waiting
	 */
	public void post(String contentType, byte[] body) throws InterruptedException {
		post(contentType, body, Map.of());
	}

	/**
	 * Posts a body with headers of this request besides those given to every request.
	 * @param contentType the body's media type
	 * @param body the body
	 * @param extraHeaders headers for this request only
	 * @throws ExportException when it was not delivered
	 * @throws InterruptedException when interrupted while waiting
	 */
	public void post(String contentType, byte[] body, Map<String, String> extraHeaders) throws InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
			.timeout(this.timeout)
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		this.headers.forEach(request::header);
		extraHeaders.forEach(request::header);
		HttpResponse<String> response = exchange(request.build());
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return;
		}
		String message = this.uri + " answered " + status
				+ (response.body().isEmpty() ? "" : ": " + response.body());
		if (status == 429 || status == 502 || status == 503 || status == 504) {
			throw ExportException.retryable("http_" + status, message, retryAfter(response));
		}
		throw ExportException.permanent("http_" + status, message);
	}

	private HttpResponse<String> exchange(HttpRequest request) throws InterruptedException {
		CompletableFuture<HttpResponse<String>> exchange = this.client.sendAsync(request, CappedBody.HANDLER);
		try {
			// The request's own timeout covers only the wait for the headers.
			return exchange.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw timeout();
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof HttpTimeoutException) {
				throw timeout();
			}
			if (cause instanceof IOException) {
				throw ExportException.retryable("connect", this.uri + ": " + cause, null);
			}
			// Not a transport failure: a bug of ours or of the JDK's client; never worth retrying.
			throw ExportException.permanent(cause.getClass().getSimpleName(), this.uri + ": " + cause);
		}
	}

	private ExportException timeout() {
		return ExportException.retryable("timeout", this.uri + " took longer than " + this.timeout, null);
	}

	private static Duration retryAfter(HttpResponse<?> response) {
		return response.headers().firstValue("Retry-After").flatMap((value) -> {
			try {
				return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
			}
			catch (NumberFormatException ex) {
				return Optional.empty();
			}
		}).orElse(null);
	}

}
