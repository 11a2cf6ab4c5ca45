package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static dev.forge.trace.internal.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The finished buffer against a plain list: adds, evictions of the oldest unremarkable or
 * notable record, marks and compactions in any order keep the records, their finish times
 * and their flags, in order.
 */
class RecordBufferTests {

	@Test
	void holdsWhatAListWouldThroughAddsEvictionsMarksAndCompactions() {
		Random random = new Random(2026);
		RecordBuffer buffer = new RecordBuffer();
		List<Entry> model = new ArrayList<>();
		long nextId = 1;
		for (int step = 0; step < 5_000; step++) {
			int action = random.nextInt(100);
			// Adds win while the buffer holds under a few chunks, evictions above.
			if (action < ((model.size() < 1_000) ? 60 : 30)) {
				// Runs of adds and of evictions, so that whole chunks fill and empty.
				int count = 1 + random.nextInt(300);
				for (int i = 0; i < count; i++, nextId++) {
					boolean notable = random.nextInt(10) == 0;
					// Traces of a few records each: root ids repeat.
					buffer.add(record(nextId, 1 + nextId / 4), nextId * 10, notable);
					model.add(new Entry(nextId, 1 + nextId / 4, nextId * 10, notable));
				}
			}
			else if (action < 95) {
				int count = 1 + random.nextInt(300);
				for (int i = 0; i < count; i++) {
					boolean notable = random.nextInt(4) == 0;
					int oldest = oldest(model, notable);
					assertThat(buffer.evictOldest(notable)).isEqualTo(oldest >= 0);
					if (oldest >= 0) {
						model.remove(oldest);
					}
				}
			}
			else if (action < 98 && !model.isEmpty()) {
				Entry some = model.get(random.nextInt(model.size()));
				buffer.visitTrace(some.rootId, Long.MIN_VALUE / 2, null, 0, true);
				model.replaceAll((entry) -> (entry.rootId == some.rootId) ? entry.marked() : entry);
			}
			else {
				buffer.compact();
			}
			if (step % 100 == 0 || action >= 98) {
				assertHolds(buffer.copy(), model);
			}
		}
		buffer.compact();
		assertHolds(buffer, model);
	}

	private static int oldest(List<Entry> model, boolean notable) {
		for (int i = 0; i < model.size(); i++) {
			if (model.get(i).notable == notable) {
				return i;
			}
		}
		return -1;
	}

	private static void assertHolds(RecordBuffer buffer, List<Entry> model) {
		assertThat(buffer.size()).isEqualTo(model.size());
		assertThat(buffer.notableCount()).isEqualTo((int) model.stream().filter(Entry::notable).count());
		for (int i = 0; i < model.size(); i++) {
			assertThat(buffer.record(i).id()).isEqualTo(model.get(i).id);
			assertThat(buffer.finishNanos(i)).isEqualTo(model.get(i).finishNanos);
		}
	}

	private record Entry(long id, long rootId, long finishNanos, boolean notable) {

		Entry marked() {
			return new Entry(this.id, this.rootId, this.finishNanos, true);
		}

	}

}
