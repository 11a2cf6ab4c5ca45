package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.List;

import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Threads take stripes in the order they first trace, whatever their thread ids: two
 * threads whose ids are a whole number of stripes apart (the JVM's own threads, or threads
 * that never trace, took the ids between) still start their spans on different stripes,
 * which hand out ids from different blocks.
 */
class StripeAssignmentTests {

	@Test
	void threadsWhoseIdsAreAWholeNumberOfStripesApartTakeDifferentStripes() throws Exception {
		TraceService trace = new TraceService();
		int stripes = TraceEngine.stripeCount(Runtime.getRuntime().availableProcessors());
		long[] ids = new long[2];
		Thread first = new Thread(() -> ids[0] = trace.start("first"));
		// Threads that never trace take the thread ids in between, until one lands a whole
		// number of stripes after the first (other threads of the JVM may take ids too).
		Thread second = null;
		List<Thread> between = new ArrayList<>();
		while (second == null) {
			Thread candidate = new Thread(() -> ids[1] = trace.start("second"));
			if (threadId(candidate) > threadId(first) && (threadId(candidate) - threadId(first)) % stripes == 0) {
				second = candidate;
			}
			else {
				between.add(candidate);
			}
		}
		first.start();
		first.join();
		second.start();
		second.join();
		assertThat(between).isNotEmpty();
		assertThat(ids[0] >>> IdBlocks.BLOCK_SHIFT).isNotEqualTo(ids[1] >>> IdBlocks.BLOCK_SHIFT);
	}

	@SuppressWarnings("deprecation")
	private static long threadId(Thread thread) {
		return thread.getId();
	}

}
