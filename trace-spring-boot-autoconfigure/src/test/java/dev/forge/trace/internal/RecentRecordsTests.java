package dev.forge.trace.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.forge.trace.SpanRecord;

import static dev.forge.trace.internal.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recent window keeps the last records drained, oldest first, whatever the sizes of
 * the drains that filled it.
 */
class RecentRecordsTests {

	@Test
	void keepsTheLastRecordsOfDrainsOfEverySizeInOrder() {
		Random random = new Random(26);
		for (int capacity : new int[] { 1, 2, 7, 64 }) {
			RecentRecords recent = new RecentRecords(capacity);
			Deque<SpanRecord> model = new ArrayDeque<>();
			long nextId = 1;
			for (int drain = 0; drain < 500; drain++) {
				// Empty drains, drains that wrap the ring, and drains larger than it.
				SpanRecord[] records = new SpanRecord[random.nextInt(capacity * 3 + 1)];
				for (int i = 0; i < records.length; i++) {
					records[i] = record(nextId++, (nextId % 3 == 0) ? 1 : 2);
					model.addLast(records[i]);
					if (model.size() > capacity) {
						model.removeFirst();
					}
				}
				recent.addAll(records);
				assertThat(recent.list()).as("capacity %d, drain %d", capacity, drain).containsExactlyElementsOf(model);
			}
		}
	}

	@Test
	void collectsATracesRecordsNewestFirstUpToTheLimit() {
		RecentRecords recent = new RecentRecords(5);
		recent.addAll(new SpanRecord[] { record(1, 1), record(2, 9), record(3, 1) });
		recent.addAll(new SpanRecord[] { record(4, 1), record(5, 9), record(6, 1) });
		List<SpanRecord> trace = new ArrayList<>();
		recent.collectTrace(1, trace, 2);
		assertThat(trace).extracting(SpanRecord::id).containsExactly(6L, 4L);
		trace.clear();
		recent.collectTrace(1, trace, 10);
		// Record 1 has left the window of five.
		assertThat(trace).extracting(SpanRecord::id).containsExactly(6L, 4L, 3L);
	}

	@Test
	void aWindowOfNoneKeepsNothing() {
		RecentRecords recent = new RecentRecords(0);
		recent.addAll(new SpanRecord[] { record(1, 1) });
		assertThat(recent.list()).isEmpty();
	}

}
