package dev.forge.trace.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the tests, on the JDK's client.
 */
final class Http {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	private final int port;

	Http(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path) {
		return get(path, "application/json");
	}

	HttpResponse<String> get(String path, String accept) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", accept)
			.build());
	}

	HttpResponse<String> get(String path, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		headers.forEach(request::header);
		return send(request.build());
	}

	/** A GET with header lines in order; a name given twice is sent as two lines. */
	HttpResponse<String> get(String path, List<Map.Entry<String, String>> headerLines) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		headerLines.forEach((line) -> request.header(line.getKey(), line.getValue()));
		return send(request.build());
	}

	HttpResponse<String> head(String path) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method("HEAD", HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	JsonNode json(String path) {
		HttpResponse<String> response = get(path);
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

}
