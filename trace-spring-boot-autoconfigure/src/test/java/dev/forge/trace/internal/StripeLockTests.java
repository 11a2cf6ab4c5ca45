package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StripeLock}: mutual exclusion under contention, and a waiter that gets the lock
 * once it is let go, however long it was held.
 */
class StripeLockTests {

	@Test
	void threadsIncrementingUnderTheLockLoseNoIncrement() throws Exception {
		Counter counter = new Counter();
		int threads = 4;
		int increments = 200_000;
		CountDownLatch ready = new CountDownLatch(threads);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				ready.countDown();
				awaitQuietly(ready);
				for (int i = 0; i < increments; i++) {
					counter.lock();
					try {
						// A read, a pause and a write: lost updates show if two threads are ever inside.
						long value = counter.value;
						if ((i & 63) == 0) {
							Thread.onSpinWait();
						}
						counter.value = value + 1;
					}
					finally {
						counter.unlock();
					}
				}
			});
			workers.add(worker);
			worker.start();
		}
		for (Thread worker : workers) {
			worker.join(TimeUnit.MINUTES.toMillis(2));
			assertThat(worker.isAlive()).as("a worker still waiting for the lock").isFalse();
		}
		counter.lock();
		try {
			assertThat(counter.value).isEqualTo((long) threads * increments);
		}
		finally {
			counter.unlock();
		}
	}

	@Test
	void aThreadWaitingLongerThanItSpinsGetsTheLockWhenItIsLetGo() throws Exception {
		Counter counter = new Counter();
		counter.lock();
		AtomicBoolean entered = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(1);
		Thread waiter = new Thread(() -> {
			counter.lock();
			try {
				entered.set(true);
			}
			finally {
				counter.unlock();
				done.countDown();
			}
		});
		waiter.start();
		// Long enough for the waiter to pass its spins and yields and park.
		Thread.sleep(100);
		assertThat(entered).as("entered while the lock was held").isFalse();
		counter.unlock();
		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(entered).isTrue();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static final class Counter extends StripeLock {

		long value;

	}

}
