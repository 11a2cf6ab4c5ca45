package dev.forge.trace.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server that misbehaves in ways {@code com.sun.net.httpserver} cannot:
 * it answers with a body of gigabytes, or sends its headers and then one byte at a time.
 * It reads each request whole, counts the requests and the body bytes it managed to write,
 * and notices when the client closes the connection.
 */
final class FaultServer implements AutoCloseable {

	/** How the server answers. */
	enum Fault {

		/** 200 with a 3 GB body, written until the client goes away. */
		HUGE_OK_BODY(200, 3L << 30),

		/** 500 with a 3 GB body. */
		HUGE_ERROR_BODY(500, 3L << 30),

		/** 200 with a chunked body of one byte every 200 ms, for ever. */
		TRICKLE(200, -1);

		final int status;

		final long length;

		Fault(int status, long length) {
			this.status = status;
			this.length = length;
		}

	}

	final AtomicInteger requests = new AtomicInteger();

	final AtomicLong bodyBytesWritten = new AtomicLong();

	final AtomicInteger clientsGone = new AtomicInteger();

	private final ServerSocket server;

	private final Fault fault;

	private final ExecutorService connections = Executors.newCachedThreadPool();

	FaultServer(Fault fault) throws IOException {
		this.fault = fault;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.connections.execute(this::accept);
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getLocalPort() + "/spans";
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.connections.execute(() -> serve(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			readRequest(socket.getInputStream());
			this.requests.incrementAndGet();
			OutputStream out = socket.getOutputStream();
			String headers = (this.fault.length >= 0)
					? "HTTP/1.1 " + this.fault.status + " X\r\nContent-Length: " + this.fault.length + "\r\n\r\n"
					: "HTTP/1.1 " + this.fault.status + " X\r\nTransfer-Encoding: chunked\r\n\r\n";
			out.write(headers.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			if (this.fault == Fault.TRICKLE) {
				for (int i = 0; i < 3_000; i++) {
					out.write("1\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
					this.bodyBytesWritten.incrementAndGet();
					Thread.sleep(200);
				}
			}
			else {
				byte[] chunk = new byte[64 * 1024];
				java.util.Arrays.fill(chunk, (byte) 'e');
				for (long left = this.fault.length; left > 0; left -= chunk.length) {
					out.write(chunk, 0, (int) Math.min(left, chunk.length));
					this.bodyBytesWritten.addAndGet(Math.min(left, chunk.length));
				}
			}
		}
		catch (IOException ex) {
			this.clientsGone.incrementAndGet();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Reads the request line, headers and a body of Content-Length bytes. */
	private static void readRequest(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("closed before the request was read");
			}
			head.append((char) b);
		}
		long length = 0;
		for (String line : head.toString().split("\r\n")) {
			if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
				length = Long.parseLong(line.substring(15).trim());
			}
		}
		in.readNBytes((int) length);
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.connections.shutdownNow();
	}

}
