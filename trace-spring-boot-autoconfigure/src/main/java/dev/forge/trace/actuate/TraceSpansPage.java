package dev.forge.trace.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

/**
 * The page of {@link TraceSpansEndpoint}: one HTML page with its script and styles as
 * resources of their own (no inline script, so it runs under a strict Content-Security-Policy,
 * which the page itself declares), all served from the classpath through the endpoint,
 * so the page is exposed and secured exactly as the endpoint is. Nothing is fetched from
 * anywhere else.
 */
final class TraceSpansPage {

	private static final String LOCATION = "/META-INF/dev.forge.trace/ui/";

	private static final Map<String, MimeType> FILES = Map.of("index.html", MimeType.valueOf("text/html;charset=UTF-8"),
			"app.js", MimeType.valueOf("text/javascript;charset=UTF-8"), "app.css",
			MimeType.valueOf("text/css;charset=UTF-8"));

	/**
	 * Sent with every response of the endpoint (the drain, the views and the page): a
	 * Content-Security-Policy as a header can forbid framing, which the page's own
	 * {@code <meta>} cannot, and old browsers get {@code X-Frame-Options}. Nothing is
	 * stored by a cache: a drained batch is gone once read, and a view is stale at once.
	 */
	static final Map<String, String> SECURITY_HEADERS = Map.of("Cache-Control", "no-store", "Content-Security-Policy",
			"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:;"
					+ " base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
			"X-Frame-Options", "DENY", "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer");

	private TraceSpansPage() {
	}

	static WebEndpointResponse<String> page() {
		return file("index.html");
	}

	/**
	 * A file of the page.
	 * @param name the file's name
	 * @return the file with its content type, or {@code null} when there is no such file
	 */
	static @Nullable WebEndpointResponse<String> file(String name) {
		MimeType type = FILES.get(name);
		if (type == null) {
			return null;
		}
		try (InputStream stream = TraceSpansPage.class.getResourceAsStream(LOCATION + name)) {
			if (stream == null) {
				return null;
			}
			return new WebEndpointResponse<>(new String(stream.readAllBytes(), StandardCharsets.UTF_8), type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
