package dev.forge.trace.profile;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * Real waits of the kinds the flight recorder reports, made on the calling thread, for the
 * profile tests: a monitor another thread holds, and a local socket that answers late.
 */
public final class Waits {

	private Waits() {
	}

	/**
	 * Enters a monitor that another thread holds for about the given time.
	 * @param lock the monitor
	 * @param millis how long the other thread holds it
	 * @throws InterruptedException if interrupted while waiting for the holder
	 */
	public static void enterMonitorHeldElsewhere(Object lock, long millis) throws InterruptedException {
		CountDownLatch held = new CountDownLatch(1);
		Thread holder = new Thread(() -> {
			synchronized (lock) {
				held.countDown();
				try {
					Thread.sleep(millis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}, "monitor-holder");
		holder.start();
		held.await();
		synchronized (lock) {
			lock.notifyAll();
		}
		holder.join();
	}

	/**
	 * Reads a byte from a local socket whose other end answers after about the given time.
	 * @param millis how long the other end waits before it writes
	 * @return the byte read
	 * @throws Exception if the socket fails
	 */
	public static int readFromSlowSocket(long millis) throws Exception {
		try (ServerSocket server = new ServerSocket(0)) {
			Thread answer = new Thread(() -> {
				try (Socket accepted = server.accept(); OutputStream out = accepted.getOutputStream()) {
					Thread.sleep(millis);
					out.write(42);
				}
				catch (Exception ex) {
					// The reader fails the test that waits for it.
				}
			}, "slow-socket");
			answer.start();
			try (Socket socket = new Socket("127.0.0.1", server.getLocalPort()); InputStream in = socket.getInputStream()) {
				int value = in.read();
				answer.join();
				return value;
			}
		}
	}

}
