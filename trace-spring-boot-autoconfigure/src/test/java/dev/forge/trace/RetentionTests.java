package dev.forge.trace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full finished buffer makes room by evicting its oldest unremarkable record: the
 * newest traffic is always held, and notable records (failed ones, and every record of a
 * local trace whose root failed or was slow) go last.
 */
class RetentionTests {

	private static final IllegalStateException FAILURE = new IllegalStateException("boom");

	@Test
	void aFailedRecordOutlivesTheUnremarkableOnesAfterIt() {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(10).build());
		long failed = trace.end(trace.start("early"), SpanErrors.of(FAILURE)).id();
		List<Long> ordinary = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			ordinary.add(trace.end(trace.start("ordinary")).id());
		}
		List<SpanRecord> held = trace.flush();
		List<Long> ids = held.stream().map(SpanRecord::id).toList();
		assertThat(ids.get(0)).isEqualTo(failed);
		assertThat(ids.subList(1, ids.size())).containsExactlyElementsOf(ordinary.subList(91, 100));
	}

	@Test
	void aFailedRootKeepsItsWholeLocalTrace() {
		// No ordinary request may count as slow: on a busy machine a few take longer than the
		// 99th percentile of the first ones, and notable records past half the buffer are
		// evicted oldest first, the failed trace's among them.
		TraceService trace = new TraceService(
				TraceOptions.builder().maxFinishedSpans(20).slowThreshold(Duration.ofDays(1)).build());
		List<Long> traceIds = new ArrayList<>();
		try (TraceScope request = trace.openScope("request", null)) {
			traceIds.add(request.id());
			for (int i = 0; i < 3; i++) {
				traceIds.add(trace.end(trace.start("query")).id());
			}
			traceIds.add(trace.instant("cache miss").id());
			request.setError(FAILURE);
		}
		for (int i = 0; i < 200; i++) {
			try (TraceScope ordinary = trace.openScope("request", null)) {
				trace.end(trace.start("query"));
			}
		}
		List<SpanRecord> held = trace.flush();
		assertThat(held).hasSize(20);
		assertThat(held).extracting(SpanRecord::id).containsAll(traceIds);
		assertThat(held.get(held.size() - 1).name()).isEqualTo("request");
		TraceStats stats = trace.stats();
		assertThat(stats.evicted()).isEqualTo(stats.finished() - 20);
	}

	@Test
	void aFailedRootKeepsTheChildrenItsWorkEndedOnOtherThreads() throws Exception {
		TraceService trace = new TraceService(
				TraceOptions.builder().maxFinishedSpans(40).slowThreshold(Duration.ofDays(1)).build());
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			// The pool's stripes hold records from before the root started, too.
			for (int i = 0; i < 4; i++) {
				pool.submit(() -> trace.instant("before")).get();
			}
			long rootId;
			List<Long> children = new ArrayList<>();
			try (TraceScope request = trace.openScope("request", null)) {
				rootId = request.id();
				for (int i = 0; i < 6; i++) {
					children.add(pool.submit(trace.wrap(() -> trace.end(trace.start("work")).id())).get());
				}
				request.setError(FAILURE);
			}
			KeptTrace kept = trace.keptTraces().stream().filter((t) -> t.root().id() == rootId).findFirst()
				.orElseThrow();
			assertThat(kept.records()).extracting(SpanRecord::id).containsAll(children);
			// Marked notable where they are held: ordinary work on those threads evicts around them.
			for (int i = 0; i < 200; i++) {
				pool.submit(() -> trace.end(trace.start("ordinary"))).get();
			}
			assertThat(trace.flush()).extracting(SpanRecord::id).containsAll(children).contains(rootId);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aRootSlowerThanTheConfiguredThresholdKeepsItsTrace() throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder()
			.maxFinishedSpans(10)
			.slowThreshold(Duration.ofDays(1))
			.slowThresholds(Map.of("slow request", Duration.ofMillis(100)))
			.build());
		long child;
		long root;
		try (TraceScope slow = trace.openScope("slow request", null)) {
			root = slow.id();
			child = trace.end(trace.start("query")).id();
			Thread.sleep(200);
		}
		for (int i = 0; i < 50; i++) {
			try (TraceScope fast = trace.openScope("slow request", null)) {
				trace.end(trace.start("query"));
			}
		}
		// Every other root of that name was fast: only the slow one's records were kept.
		assertThat(trace.flush()).extracting(SpanRecord::id).contains(root, child);
	}

	@Test
	void withoutAThresholdARootIsSlowPastItsNamesNinetyNinthPercentile() throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(10).build());
		// Enough samples that a few slow ones (a pause of the machine) stay under the 99th percentile.
		for (int i = 0; i < 400; i++) {
			trace.end(trace.start("request"));
		}
		long slow;
		long child;
		try (TraceScope scope = trace.openScope("request", null)) {
			slow = scope.id();
			child = trace.end(trace.start("query")).id();
			Thread.sleep(250);
		}
		assertThat(trace.recent()).filteredOn(SpanRecord::notable).extracting(SpanRecord::id).contains(slow);
		for (int i = 0; i < 50; i++) {
			trace.end(trace.start("request"));
		}
		// By this rule about 1% of roots are slow, and a few more when the machine stutters,
		// so the buffer may let the trace go for newer notable ones; the kept traces hold it.
		assertThat(trace.keptTraces()).filteredOn((kept) -> kept.root().id() == slow)
			.singleElement()
			.satisfies((kept) -> assertThat(kept.records()).extracting(SpanRecord::id).containsExactly(slow, child));
	}

	@Test
	void beforeAHundredDurationsNoRootIsSlow() throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(5).build());
		long first;
		try (TraceScope scope = trace.openScope("request", null)) {
			first = scope.id();
			Thread.sleep(20);
		}
		for (int i = 0; i < 20; i++) {
			trace.end(trace.start("request"));
		}
		assertThat(trace.flush()).extracting(SpanRecord::id).doesNotContain(first).hasSize(5);
	}

	@Test
	void notableRecordsHoldAtMostHalfTheBufferSoTheNewestTrafficStaysInView() {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(10).build());
		for (int i = 0; i < 100; i++) {
			trace.end(trace.start("failing"), SpanErrors.of(FAILURE));
			trace.end(trace.start("ordinary"));
			trace.end(trace.start("ordinary"));
			trace.end(trace.start("ordinary"));
		}
		List<SpanRecord> held = trace.flush();
		assertThat(held).hasSize(10);
		assertThat(held.stream().filter((record) -> record.name().equals("failing")).count()).isLessThanOrEqualTo(5);
		assertThat(held.get(held.size() - 1).name()).isEqualTo("ordinary");
	}

	@Test
	void whenEverythingHeldIsNotableTheOldestNotableGoes() {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(3).build());
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			ids.add(trace.end(trace.start("failing"), SpanErrors.of(FAILURE)).id());
		}
		assertThat(trace.flush()).extracting(SpanRecord::id).containsExactlyElementsOf(ids.subList(3, 6));
		TraceStats stats = trace.stats();
		assertThat(stats.evicted()).isEqualTo(3);
		assertThat(stats.dropped()).isZero();
	}

	@Test
	void recordsDrainedButNotSettledAreNeverEvictedAndTheNewestIsDroppedInstead() {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(2).build());
		trace.instant("a");
		trace.instant("b");
		SpanBatch batch = trace.take(Integer.MAX_VALUE);
		trace.instant("c");
		TraceStats stats = trace.stats();
		assertThat(stats.dropped()).isEqualTo(1);
		assertThat(stats.evicted()).isZero();
		batch.giveBack();
		assertThat(trace.flush()).extracting(SpanRecord::name).containsExactly("a", "b");
	}

	@Test
	void aRecordFromAThreadWithNothingHeldEvictsFromAnotherThreadsStripe() throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(64).build());
		for (int i = 0; i < 64; i++) {
			trace.instant("main thread");
		}
		SpanRecord[] late = new SpanRecord[1];
		Thread other = new Thread(() -> late[0] = trace.instant("other thread"));
		other.start();
		other.join();
		List<SpanRecord> held = trace.flush();
		assertThat(held).hasSize(64).contains(late[0]);
		assertThat(trace.stats().evicted()).isEqualTo(1);
	}

	@Test
	void theStatsViewShowsEachNamesSlowThreshold() {
		TraceService trace = new TraceService(
				TraceOptions.builder().slowThresholds(Map.of("configured", Duration.ofMillis(300))).build());
		trace.end(trace.start("configured"));
		for (int i = 0; i < 99; i++) {
			trace.end(trace.start("learning"));
		}
		Map<String, SpanNameStats> byName = new java.util.HashMap<>();
		trace.statsByName().forEach((stats) -> byName.put(stats.name(), stats));
		assertThat(byName.get("configured").slowMs()).isEqualTo(300.0);
		assertThat(byName.get("learning").slowMs()).isNull();
		trace.end(trace.start("learning"));
		trace.statsByName().forEach((stats) -> byName.put(stats.name(), stats));
		assertThat(byName.get("learning").slowMs()).isEqualTo(byName.get("learning").p99Ms());
	}

}
