package dev.forge.trace.export;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback HTTP receiver for export tests: records every body and answers with the
 * status a test chooses for the n-th request (0-based), optionally after a delay.
 */
final class Receiver implements AutoCloseable {

	final List<String> bodies = new CopyOnWriteArrayList<>();

	final AtomicInteger requests = new AtomicInteger();

	private final HttpServer server;

	Receiver(IntUnaryOperator statusOfRequest, long delayMillis, String retryAfter) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			int n = this.requests.getAndIncrement();
			byte[] body = exchange.getRequestBody().readAllBytes();
			try {
				Thread.sleep(delayMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			int status = statusOfRequest.applyAsInt(n);
			if (status < 300) {
				this.bodies.add(new String(body, StandardCharsets.UTF_8));
			}
			if (retryAfter != null) {
				exchange.getResponseHeaders().add("Retry-After", retryAfter);
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/spans";
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
