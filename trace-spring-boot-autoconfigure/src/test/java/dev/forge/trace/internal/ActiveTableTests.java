package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.forge.trace.TraceIds;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ActiveTable} against a {@link LinkedHashMap} model, under random operations.
 */
class ActiveTableTests {

	private static final SpanThread THREAD = new SpanThread("", 0, false, TraceIds.random());

	@Test
	void behavesLikeAnInsertionOrderedMapUnderRandomOperations() {
		Random random = new Random(42);
		for (int round = 0; round < 20; round++) {
			ActiveTable table = new ActiveTable();
			LinkedHashMap<Long, String> model = new LinkedHashMap<>();
			long nextId = 1 + random.nextInt(1000);
			List<Long> known = new ArrayList<>();
			for (int step = 0; step < 20_000; step++) {
				int operation = random.nextInt(10);
				if (operation < 5 || model.isEmpty()) {
					// Mostly consecutive ids, with the jumps a stripe sees between blocks.
					long id = nextId;
					nextId += (random.nextInt(8) == 0) ? 64 * (1 + random.nextInt(50)) : 1;
					table.put(id, new OpenSpan("span-" + id, id * 10, id * 100, id - 1, id - 2, THREAD, null));
					model.put(id, "span-" + id);
					known.add(id);
				}
				else if (operation < 9) {
					long id = known.get(random.nextInt(known.size()));
					OpenSpan removed = table.remove(id);
					assertThat(removed != null).isEqualTo(model.remove(id) != null);
					if (removed != null) {
						assertThat(removed.name()).isEqualTo("span-" + id);
						assertThat(removed.startEpochNanos()).isEqualTo(id * 10);
						assertThat(removed.startNanos()).isEqualTo(id * 100);
						assertThat(removed.parentId()).isEqualTo(id - 1);
						assertThat(removed.rootOf(id)).isEqualTo(id - 2);
					}
				}
				else {
					Iterator<Long> eldest = model.keySet().iterator();
					long expected = eldest.next();
					eldest.remove();
					assertThat(table.removeEldest()).extracting(OpenSpan::name).isEqualTo("span-" + expected);
				}
				assertThat(table.size()).isEqualTo(model.size());
			}
			Map<Long, String> seen = new HashMap<>();
			table.forEach((id, span) -> seen.put(id, span.name()));
			assertThat(seen).isEqualTo(model);
		}
	}

	@Test
	void growsForABurstAndShrinksAfterIt() {
		ActiveTable table = new ActiveTable();
		for (long id = 1; id <= 50_000; id++) {
			table.put(id, new OpenSpan("burst", 0, 0, 0, id, THREAD, null));
		}
		for (long id = 1; id <= 50_000; id++) {
			assertThat(table.remove(id)).isNotNull();
		}
		assertThat(table.size()).isZero();
		assertThat(table.removeEldest()).isNull();
		table.put(7, new OpenSpan("after", 0, 0, 0, 7, THREAD, null));
		assertThat(table.removeEldest()).extracting(OpenSpan::name).isEqualTo("after");
		assertThat(table.remove(0)).isNull();
	}

}
