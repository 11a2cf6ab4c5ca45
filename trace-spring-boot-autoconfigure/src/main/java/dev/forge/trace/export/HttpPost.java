package dev.forge.trace.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * A POST on the JDK's {@link HttpClient}, which no observation instruments (an exporter's
 * own calls are never traced), with the HTTP outcome mapped to what retrying can do:
 * 2xx is delivered; connection errors, timeouts, 429, 502, 503 and 504 are worth
 * retrying (honouring {@code Retry-After} in seconds); anything else is not.
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
	 * @param timeout the most a request may take
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
		HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
			.timeout(this.timeout)
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		this.headers.forEach(request::header);
		HttpResponse<String> response;
		try {
			response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpTimeoutException ex) {
			throw ExportException.retryable("timeout", this.uri + " took longer than " + this.timeout, null);
		}
		catch (IOException ex) {
			throw ExportException.retryable("connect", this.uri + ": " + ex, null);
		}
		int status = response.statusCode();
		if (status >= 200 && status < 300) {
			return;
		}
		String message = this.uri + " answered " + status;
		if (status == 429 || status == 502 || status == 503 || status == 504) {
			throw ExportException.retryable("http_" + status, message, retryAfter(response));
		}
		throw ExportException.permanent("http_" + status, message);
	}

	private static Duration retryAfter(HttpResponse<?> response) {
		return response.headers().firstValue("Retry-After").flatMap((value) -> {
			try {
				return java.util.Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
			}
			catch (NumberFormatException ex) {
				return java.util.Optional.empty();
			}
		}).orElse(null);
	}

}
