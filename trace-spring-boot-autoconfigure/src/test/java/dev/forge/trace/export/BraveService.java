package dev.forge.trace.export;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * The {@code interop-brave-service} module's executable jar in a process of its own: a
 * Spring Boot service traced by Boot's Micrometer Tracing with Brave, reporting to Zipkin,
 * without the starter. The root build makes the jar before this module's tests run.
 */
final class BraveService implements AutoCloseable {

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private final Process process;

	private final Path log;

	private final int port;

	BraveService(String zipkinEndpoint) throws Exception {
		Path jar = Path.of(System.getProperty("brave.service.jar", "../interop-brave-service/target/interop-brave-service.jar"));
		if (!Files.isRegularFile(jar)) {
			String message = "BRAVE INTEROP TESTS SKIPPED: no " + jar + ". Build from the root (./mvnw verify"
					+ " builds interop-brave-service first); .ci/run does.";
			if ("required".equals(System.getenv("TRACE_INTEROP_TESTS"))) {
				throw new IllegalStateException(message.replace("SKIPPED", "REQUIRED"));
			}
			System.err.println("\n*** " + message + " ***\n");
			Assumptions.abort(message);
		}
		this.log = Files.createTempFile("brave-service", ".log");
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		this.process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--server.port=0",
				"--server.address=127.0.0.1", "--management.tracing.export.zipkin.endpoint=" + zipkinEndpoint)
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.start();
		this.port = waitForPort();
	}

	private int waitForPort() throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			Matcher started = STARTED.matcher(Files.readString(this.log));
			if (started.find()) {
				return Integer.parseInt(started.group(1));
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The Brave service exited: " + Files.readString(this.log));
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("The Brave service did not start: " + Files.readString(this.log));
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		Files.deleteIfExists(this.log);
	}

}
