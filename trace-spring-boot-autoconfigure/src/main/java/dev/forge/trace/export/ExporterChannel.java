package dev.forge.trace.export;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import dev.forge.trace.SpanRecord;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One exporter's side of the {@link ExportDrainer}: a bounded queue of batches and a
 * thread of its own that sends them, retrying with capped, jittered backoff only where
 * retrying can help. Every span it was given ends exported, dropped (counted by cause) or
 * still queued.
 */
final class ExporterChannel {

	private static final Log logger = LogFactory.getLog(ExportDrainer.class);

	private final SpanExporter exporter;

	private final ExportSettings settings;

	private final ArrayDeque<List<SpanRecord>> queue = new ArrayDeque<>();

	private int queued;

	private boolean closed;

	// Set once close() has counted what is left: a send still running then counts nothing.
	private boolean abandoned;

	private final LongAdder exported = new LongAdder();

	private final LongAdder failedAttempts = new LongAdder();

	private final LongAdder sendNanos = new LongAdder();

	private final LongAdder sends = new LongAdder();

	private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

	private final LongAdder sampledOut = new LongAdder();

	private volatile long lastLogNanos;

	private final Thread worker;

	ExporterChannel(SpanExporter exporter, ExportSettings settings) {
		this.exporter = exporter;
		this.settings = settings;
		this.lastLogNanos = System.nanoTime() - settings.interval().toNanos();
		this.worker = new Thread(this::run, "trace-export-" + exporter.name());
		this.worker.setDaemon(true);
		this.worker.start();
	}

	String name() {
		return this.exporter.name();
	}

	/** Queues a batch, or drops it (counted) when the queue would pass its bound. */
	synchronized void offer(List<SpanRecord> batch) {
		if (this.closed || this.queued + batch.size() > this.settings.maxQueuedSpans()) {
			drop(batch.size(), this.closed ? "shutdown" : "queue_full", null);
			return;
		}
		this.queue.add(batch);
		this.queued += batch.size();
		notifyAll();
	}

	private synchronized List<SpanRecord> next() throws InterruptedException {
		while (this.queue.isEmpty() && !this.closed) {
			wait();
		}
		return this.queue.peek();
	}

	private synchronized void done(List<SpanRecord> batch) {
		if (this.abandoned) {
			return; // counted by close() already
		}
		this.queue.poll();
		this.queued -= batch.size();
		notifyAll();
	}

	private synchronized boolean isAbandoned() {
		return this.abandoned;
	}

	private void run() {
		try {
			for (List<SpanRecord> batch = next(); batch != null; batch = next()) {
				try {
					send(batch);
				}
				catch (InterruptedException ex) {
					throw ex; // shutting down: the batch stays queued, to be counted by close()
				}
				catch (Throwable ex) {
					// Our own failure while handling the exporter's: the batch is lost, the worker lives on.
					drop(batch.size(), ex.getClass().getSimpleName(), ex);
				}
				done(batch);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void send(List<SpanRecord> batch) throws InterruptedException {
		for (int attempt = 0;; attempt++) {
			Duration wait;
			long start = System.nanoTime();
			try {
				this.exporter.export(batch);
				if (!isAbandoned()) {
					this.exported.add(batch.size());
				}
				return;
			}
			catch (ExportException ex) {
				this.failedAttempts.increment();
				if (!ex.isRetryable() || attempt + 1 >= this.settings.maxAttempts() || isClosed()) {
					drop(batch.size(), ex.getCauseName(), ex);
					return;
				}
				log("failed, retrying", ex);
				wait = backoff(attempt, ex.getRetryAfter());
			}
			catch (InterruptedException ex) {
				throw ex;
			}
			catch (Throwable ex) {
				// Whatever an exporter throws, Errors included (a class missing at run time), costs
				// this batch only.
				this.failedAttempts.increment();
				drop(batch.size(), ex.getClass().getSimpleName(), ex);
				return;
			}
			finally {
				// The timer measures attempts, not the waits between them.
				this.sendNanos.add(System.nanoTime() - start);
				this.sends.increment();
			}
			Thread.sleep(wait.toMillis());
		}
	}

	/** Exponential from the base, capped, with jitter; at least what the destination asked. */
	Duration backoff(int attempt, Duration retryAfter) {
		long cap = this.settings.maxBackoff().toMillis();
		long exponential = Math.min(cap, this.settings.initialBackoff().toMillis() << Math.min(attempt, 20));
		long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
		if (retryAfter != null) {
			jittered = Math.max(jittered, Math.min(retryAfter.toMillis(), cap));
		}
		return Duration.ofMillis(jittered);
	}

	private void drop(int spans, String cause, Throwable ex) {
		this.dropped.computeIfAbsent(cause, (key) -> new LongAdder()).add(spans);
		if (ex != null) {
			log("dropped " + spans + " spans (" + cause + ")", ex);
		}
	}

	/** Logs at most once per drain interval, so a dead backend does not flood the log. */
	private void log(String what, Throwable ex) {
		long now = System.nanoTime();
		long last = this.lastLogNanos;
		if (now - last >= this.settings.interval().toNanos()) {
			this.lastLogNanos = now;
			// An export failure is told in a line; anything else is unexpected and gets its stack trace.
			boolean expected = ex instanceof ExportException;
			logger.warn("Span exporter '" + this.exporter.name() + "' " + what + ": "
					+ (expected ? ex.getMessage() : ex.toString()), expected ? null : ex);
		}
	}

	private synchronized boolean isClosed() {
		return this.closed;
	}

	/**
	 * Sends what is queued until the deadline, then stops; returns by the deadline whatever
	 * the exporter does (a send that ignores interrupts, a close that hangs): both are left
	 * to their daemon threads, and what was not sent by then is counted dropped.
	 * @return how many spans could not be sent by then
	 */
	int close(long deadlineNanos) throws InterruptedException {
		synchronized (this) {
			while (!this.queue.isEmpty() && System.nanoTime() - deadlineNanos < 0) {
				wait(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
			}
			this.closed = true;
			notifyAll();
		}
		this.worker.interrupt();
		joinUntil(this.worker, deadlineNanos);
		int left;
		synchronized (this) {
			this.abandoned = true;
			left = this.queued;
			if (left > 0) {
				drop(left, "shutdown", null);
				this.queue.clear();
				this.queued = 0;
			}
		}
		Thread closing = new Thread(this::closeExporter, "trace-export-" + this.exporter.name() + "-close");
		closing.setDaemon(true);
		closing.start();
		joinUntil(closing, deadlineNanos);
		return left;
	}

	private void closeExporter() {
		try {
			this.exporter.close();
		}
		catch (Throwable ex) {
			logger.warn("Span exporter '" + this.exporter.name() + "' failed to close: " + ex);
		}
	}

	/** Waits for a thread until the deadline, not past it; at least a moment to see it end. */
	private static void joinUntil(Thread thread, long deadlineNanos) throws InterruptedException {
		thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
	}

	/** Counts spans this exporter was offered and tail sampling left out. */
	void sampledOut(long spans) {
		this.sampledOut.add(spans);
	}

	ExporterStats stats() {
		Map<String, Long> drops = new java.util.TreeMap<>();
		this.dropped.forEach((cause, count) -> drops.put(cause, count.sum()));
		int pending;
		synchronized (this) {
			pending = this.queued;
		}
		long dropped = drops.values().stream().mapToLong(Long::longValue).sum();
		return new ExporterStats(this.exporter.name(), this.exported.sum(), dropped, drops, pending,
				this.failedAttempts.sum(), this.sends.sum(), this.sendNanos.sum(), this.sampledOut.sum());
	}

}
