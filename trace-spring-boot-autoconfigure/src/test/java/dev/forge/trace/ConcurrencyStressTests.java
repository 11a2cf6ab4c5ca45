package dev.forge.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads starting, ending and flushing at once: every record reaches exactly one
 * flush, and the counters add up.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConcurrencyStressTests {

	private static final int THREADS = 8;

	private static final int SPANS_PER_THREAD = 40_000;

	@Test
	void everyFinishedSpanIsFlushedExactlyOnceWhileOthersStartEndAndFlush() throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(1_000_000).build());
		Set<Long> produced = ConcurrentHashMap.newKeySet();
		Drained drained = new Drained();
		runProducersWithFlushers(trace, produced, drained, 2);
		drained.add(trace.flush());
		TraceStats stats = trace.stats();
		assertThat(drained.duplicates).isEmpty();
		assertThat(drained.ids).hasSize(THREADS * SPANS_PER_THREAD);
		assertThat(drained.ids.equals(produced)).isTrue();
		assertThat(stats.dropped()).isZero();
		assertThat(stats.finished()).isEqualTo(THREADS * SPANS_PER_THREAD);
		assertThat(stats.flushed()).isEqualTo(stats.finished());
		assertThat(stats.buffered()).isZero();
		assertThat(stats.active()).isZero();
		assertThat(stats.started()).isEqualTo(stats.ended());
	}

	@Test
	void aSmallBufferEvictsWhileDrainingButNeverDuplicatesAndTheCountsAddUpAtEveryRead() throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(1_000).build());
		Set<Long> produced = ConcurrentHashMap.newKeySet();
		Drained drained = new Drained();
		AtomicBoolean watching = new AtomicBoolean(true);
		AtomicLong reads = new AtomicLong();
		List<TraceStats> broken = new java.util.concurrent.CopyOnWriteArrayList<>();
		Thread watcher = new Thread(() -> {
			while (watching.get()) {
				TraceStats stats = trace.stats();
				reads.incrementAndGet();
				if (stats.flushed() + stats.dropped() + stats.evicted() + stats.buffered() != stats.finished()) {
					broken.add(stats);
				}
			}
		});
		watcher.start();
		try {
			runProducersWithFlushers(trace, produced, drained, 1);
		}
		finally {
			watching.set(false);
			watcher.join();
		}
		drained.add(trace.flush());
		TraceStats stats = trace.stats();
		assertThat(broken).isEmpty();
		assertThat(reads.get()).isPositive();
		assertThat(drained.duplicates).isEmpty();
		Set<Long> unknown = new HashSet<>(drained.ids);
		unknown.removeAll(produced);
		assertThat(unknown).isEmpty();
		assertThat(stats.evicted()).isPositive();
		assertThat(stats.flushed()).isEqualTo(drained.ids.size());
		assertThat(stats.flushed() + stats.dropped() + stats.evicted() + stats.buffered()).isEqualTo(stats.finished());
		assertThat(stats.finished()).isEqualTo(THREADS * SPANS_PER_THREAD);
	}

	@Test
	void withoutDrainsAFullBufferKeepsTheNewestAndTheFailedOnes() throws Exception {
		// Only failures are notable here: no root is slow.
		TraceService trace = new TraceService(
				TraceOptions.builder().maxFinishedSpans(1_000).slowThreshold(Duration.ofDays(1)).build());
		Set<Long> failed = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 20_000; i++) {
						long id = trace.start("work");
						if (i == 100) {
							trace.end(id, SpanErrors.of(new IllegalStateException("early failure on " + thread)));
							failed.add(id);
						}
						else {
							trace.end(id);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		List<Long> newest = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			newest.add(trace.end(trace.start("after")).id());
		}
		TraceStats stats = trace.stats();
		List<SpanRecord> held = trace.flush();
		Set<Long> ids = new HashSet<>();
		held.forEach((record) -> ids.add(record.id()));
		assertThat(ids).hasSize(held.size()).containsAll(failed).containsAll(newest);
		assertThat(stats.dropped()).isZero();
		assertThat(stats.evicted() + stats.buffered()).isEqualTo(stats.finished());
	}

	@Test
	void spansEndedOnOtherThreadsAreEachFinishedOnce() throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(1_000_000).build());
		BlockingQueue<Long> handoff = new ArrayBlockingQueue<>(1024);
		int perStarter = 25_000;
		int starters = 4;
		ExecutorService pool = Executors.newFixedThreadPool(starters * 2);
		try {
			List<Future<?>> futures = new ArrayList<>();
			AtomicLong endFailures = new AtomicLong();
			for (int s = 0; s < starters; s++) {
				futures.add(pool.submit(() -> {
					for (int i = 0; i < perStarter; i++) {
						handoff.put(trace.start("handoff"));
					}
					return null;
				}));
				futures.add(pool.submit(() -> {
					for (int i = 0; i < perStarter; i++) {
						try {
							trace.end(handoff.take());
						}
						catch (SpanNotFoundException ex) {
							endFailures.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
			List<SpanRecord> records = trace.flush();
			Set<Long> ids = new HashSet<>();
			records.forEach((record) -> ids.add(record.id()));
			assertThat(endFailures).hasValue(0);
			assertThat(records).hasSize(starters * perStarter);
			assertThat(ids).hasSize(starters * perStarter);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void activeSpansNeverExceedTheLimitUnderContention() throws Exception {
		int limit = 500;
		TraceService trace = new TraceService(TraceOptions.builder().maxActiveSpans(limit).build());
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong maxSeen = new AtomicLong();
		Thread watcher = new Thread(() -> {
			while (running.get()) {
				maxSeen.accumulateAndGet(trace.engine().activeSnapshot(), Math::max);
			}
		});
		watcher.start();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				futures.add(pool.submit(() -> {
					for (int i = 0; i < 20_000; i++) {
						long id = trace.start("leaky");
						if (i % 3 == 0) {
							try {
								trace.end(id);
							}
							catch (SpanNotFoundException ex) {
								// Evicted by another thread between start and end: allowed.
							}
						}
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			running.set(false);
			watcher.join();
			pool.shutdownNow();
		}
		TraceStats stats = trace.stats();
		assertThat(maxSeen.get()).isLessThanOrEqualTo(limit);
		assertThat(stats.active()).isLessThanOrEqualTo(limit);
		assertThat(stats.abandoned()).isPositive();
		assertThat(stats.started()).isEqualTo(THREADS * 20_000L);
		assertThat(stats.ended() + stats.abandoned() + stats.active()).isEqualTo(stats.started());
	}

	private void runProducersWithFlushers(TraceService trace, Set<Long> produced, Drained drained, int flushers)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(THREADS + flushers);
		CountDownLatch ready = new CountDownLatch(1);
		AtomicBoolean producing = new AtomicBoolean(true);
		try {
			List<Future<?>> producers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				producers.add(pool.submit(() -> {
					ready.await();
					for (int i = 0; i < SPANS_PER_THREAD; i++) {
						long id = (i % 5 == 0) ? trace.instant("instant", thread).id()
								: trace.end(trace.start("span", (i % 7 == 0) ? thread : null)).id();
						produced.add(id);
					}
					return null;
				}));
			}
			List<Future<?>> flushing = new ArrayList<>();
			for (int f = 0; f < flushers; f++) {
				int flusher = f;
				flushing.add(pool.submit(() -> {
					ready.await();
					while (producing.get()) {
						drained.add((flusher % 2 == 0) ? trace.flush() : trace.flush(777));
					}
					return null;
				}));
			}
			ready.countDown();
			for (Future<?> producer : producers) {
				producer.get();
			}
			producing.set(false);
			for (Future<?> flusher : flushing) {
				flusher.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** Every id drained, and any seen twice. */
	private static final class Drained {

		final Set<Long> ids = new HashSet<>();

		final List<Long> duplicates = new ArrayList<>();

		synchronized void add(List<SpanRecord> records) {
			for (SpanRecord record : records) {
				if (!this.ids.add(record.id())) {
					this.duplicates.add(record.id());
				}
			}
		}

	}

}
