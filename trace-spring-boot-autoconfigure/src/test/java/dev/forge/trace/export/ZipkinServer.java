package dev.forge.trace.export;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;


/**
 * A real Zipkin server (the {@code io.zipkin:zipkin-server} exec jar the build copies
 * from Maven Central) with in-memory storage, on a free loopback port, for as long as a
 * test needs it.
 */
final class ZipkinServer implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final int port;

	private final Path log;

	ZipkinServer() throws Exception {
		Path jar = Path.of(System.getProperty("zipkin.server.jar", "target/zipkin/zipkin-server.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No Zipkin server at " + jar + ": run the build, which copies it");
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		this.log = Files.createTempFile("zipkin", ".log");
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString());
		builder.environment().put("QUERY_PORT", Integer.toString(this.port));
		builder.environment().put("STORAGE_TYPE", "mem");
		builder.environment().put("COLLECTOR_SCRIBE_ENABLED", "false");
		this.process = builder.redirectErrorStream(true).redirectOutput(this.log.toFile()).start();
		waitUntilHealthy();
	}

	private void waitUntilHealthy() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Zipkin exited: " + Files.readString(this.log));
			}
			try {
				HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (java.io.IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("Zipkin did not start: " + Files.readString(this.log));
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/**
	 * A JSON answer of Zipkin's API, or an empty array while it answers anything else: it
	 * says "not found" in plain text (404) until a trace's first spans are stored, which a
	 * loaded machine makes a moment longer, and a test waiting for spans must keep waiting.
	 */
	JsonNode json(String path) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 200) ? JSON.readTree(response.body()) : JSON.createArrayNode();
	}

	/**
	 * The links between services Zipkin draws on its dependencies page, from the server and
	 * client spans it holds: {@code parent->child} for each.
	 */
	Set<String> dependencyLinks() throws Exception {
		Set<String> found = new TreeSet<>();
		json("/api/v2/dependencies?endTs=" + System.currentTimeMillis() + "&lookback=3600000").forEach((link) -> found.add(link.get("parent").asString() + "->" + link.get("child").asString()));
		return found;
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		Files.deleteIfExists(this.log);
	}


}
