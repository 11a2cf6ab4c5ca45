package dev.forge.trace;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Parents, roots, threads and precise start times, and the spans current on a thread.
 */
class SpanStructureTests {

	private final TraceService trace = new TraceService();

	@Test
	void aSpanStartedInsideAScopeIsItsChildAndSharesItsRoot() {
		SpanRecord child;
		SpanRecord grandchild;
		long outer;
		try (TraceScope scope = this.trace.openScope("outer", null)) {
			outer = scope.id();
			assertThat(this.trace.currentSpanId()).isEqualTo(outer);
			try (TraceScope inner = this.trace.openScope("inner", null)) {
				grandchild = this.trace.end(this.trace.start("leaf"));
				assertThat(grandchild.parentId()).isEqualTo(inner.id());
			}
			child = this.trace.end(this.trace.start("sibling"));
		}
		assertThat(this.trace.currentSpanId()).isZero();
		List<SpanRecord> records = this.trace.flush();
		SpanRecord root = records.stream().filter((r) -> r.name().equals("outer")).findFirst().orElseThrow();
		SpanRecord inner = records.stream().filter((r) -> r.name().equals("inner")).findFirst().orElseThrow();
		assertThat(root.parentId()).isZero();
		assertThat(root.rootId()).isEqualTo(root.id()).isEqualTo(outer);
		assertThat(inner.parentId()).isEqualTo(outer);
		assertThat(child.parentId()).isEqualTo(outer);
		assertThat(grandchild.rootId()).isEqualTo(outer);
		assertThat(child.rootId()).isEqualTo(outer);
		// Children finish, and drain, before their parent: the root id groups them anyway.
		assertThat(records).extracting(SpanRecord::name).containsExactly("leaf", "inner", "sibling", "outer");
	}

	@Test
	void spansStartedByHandTakeTheCurrentParentButDoNotBecomeCurrent() {
		try (TraceScope scope = this.trace.openScope("request", null)) {
			long byHand = this.trace.start("byHand");
			assertThat(this.trace.currentSpanId()).isEqualTo(scope.id());
			SpanRecord nested = this.trace.end(this.trace.start("notInsideByHand"));
			assertThat(nested.parentId()).isEqualTo(scope.id());
			assertThat(this.trace.end(byHand).parentId()).isEqualTo(scope.id());
			assertThat(this.trace.instant("event").parentId()).isEqualTo(scope.id());
		}
	}

	@Test
	void inSpanRecordsTheFailureRethrowsTheSameExceptionAndRestoresTheCurrentSpan() {
		IllegalStateException failure = new IllegalStateException("boom");
		try (TraceScope outer = this.trace.openScope("outer", null)) {
			assertThatIllegalStateException().isThrownBy(() -> this.trace.inSpan("work", Map.of("n", 1), () -> {
				throw failure;
			})).isSameAs(failure);
			assertThat(this.trace.currentSpanId()).isEqualTo(outer.id());
			assertThat(this.trace.<String, RuntimeException>inSpan("ok", null, () -> "value")).isEqualTo("value");
		}
		List<SpanRecord> records = this.trace.flush();
		assertThat(records.get(0).result().get("error").asString()).isEqualTo("boom");
		assertThat(records.get(0).result().get("exception").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(records.get(1).result()).isNull();
	}

	@Test
	void aScopeCanSetItsResultOrFailure() {
		try (TraceScope scope = this.trace.openScope("a", null)) {
			scope.setResult(Map.of("status", 200));
		}
		try (TraceScope scope = this.trace.openScope("b", null)) {
			scope.setError(new IllegalArgumentException("bad"));
		}
		List<SpanRecord> records = this.trace.flush();
		assertThat(records.get(0).result().get("status").asInt()).isEqualTo(200);
		assertThat(records.get(1).result().get("error").asString()).isEqualTo("bad");
		assertThat(this.trace.statsByName()).filteredOn((s) -> s.name().equals("b")).singleElement()
			.extracting(SpanNameStats::errors).isEqualTo(1L);
	}

	@Test
	void closingAnOuterScopeAlsoClosesInnerOnesLeftOpen() {
		TraceScope outer = this.trace.openScope("outer", null);
		this.trace.openScope("forgotten", null);
		outer.close();
		assertThat(this.trace.currentSpanId()).isZero();
		outer.close();
		assertThat(this.trace.stats().ended()).isEqualTo(1);
	}

	@Test
	void aThreadNameLongerThanTheNameLimitIsCutAndCounted() throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder().maxNameLength(64).build());
		String huge = "worker-" + "\u0100".repeat(100_000);
		ExecutorService renamed = Executors.newSingleThreadExecutor((r) -> new Thread(r, huge));
		try {
			SpanRecord record = renamed.submit(() -> trace.end(trace.start("work"))).get();
			assertThat(record.threadName()).hasSize(64).startsWith("worker-").endsWith("\u2026");
			assertThat(trace.stats().valuesTruncated()).isEqualTo(1);
			SpanRecord instant = renamed.submit(() -> trace.instant("tick", null)).get();
			assertThat(instant.threadName()).isEqualTo(record.threadName());
			assertThat(trace.stats().valuesTruncated()).isEqualTo(2);
			// A short name is kept whole and costs nothing.
			SpanRecord shortName = trace.end(trace.start("here"));
			assertThat(shortName.threadName()).isEqualTo(Thread.currentThread().getName());
			assertThat(trace.stats().valuesTruncated()).isEqualTo(2);
		}
		finally {
			renamed.shutdown();
		}
	}

	@Test
	void recordsNameTheStartingThreadEvenWhenEndedOnAnother() throws Exception {
		Thread.currentThread().setName("starter-" + Thread.currentThread().getId());
		long id = this.trace.start("crossing");
		ExecutorService other = Executors.newSingleThreadExecutor((r) -> new Thread(r, "ender"));
		try {
			SpanRecord record = other.submit(() -> this.trace.end(id)).get();
			assertThat(record.threadName()).isEqualTo(Thread.currentThread().getName());
			@SuppressWarnings("deprecation")
			long threadId = Thread.currentThread().getId();
			assertThat(record.threadId()).isEqualTo(threadId);
		}
		finally {
			other.shutdown();
		}
	}

	@Test
	void twoThreadsInterleavingKeepTheirOwnCurrentSpans() throws Exception {
		CyclicBarrier barrier = new CyclicBarrier(2);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			List<Future<long[]>> results = List.of(pool.submit(() -> nest(barrier)), pool.submit(() -> nest(barrier)));
			long[] a = results.get(0).get();
			long[] b = results.get(1).get();
			List<SpanRecord> records = this.trace.flush();
			for (long[] ids : List.of(a, b)) {
				SpanRecord child = records.stream().filter((r) -> r.id() == ids[1]).findFirst().orElseThrow();
				assertThat(child.parentId()).isEqualTo(ids[0]);
				assertThat(child.rootId()).isEqualTo(ids[0]);
			}
		}
		finally {
			pool.shutdown();
		}
	}

	private long[] nest(CyclicBarrier barrier) throws Exception {
		try (TraceScope scope = this.trace.openScope("parent", null)) {
			barrier.await();
			long child = this.trace.start("child");
			barrier.await();
			this.trace.end(child);
			return new long[] { scope.id(), child };
		}
	}

	@Test
	void aScopeOpenedOnOneThreadIsNotCurrentOnAnother() throws Exception {
		try (TraceScope scope = this.trace.openScope("here", null)) {
			AtomicReference<Long> seen = new AtomicReference<>();
			Thread thread = new Thread(() -> seen.set(this.trace.currentSpanId()));
			thread.start();
			thread.join();
			assertThat(seen.get()).isZero();
			assertThat(scope.id()).isNotZero();
		}
	}

	@Test
	void startEpochNanosIsPreciseAndAgreesWithStartedAt() throws Exception {
		long before = System.currentTimeMillis();
		SpanRecord first = this.trace.end(this.trace.start("first"));
		SpanRecord second = this.trace.end(this.trace.start("second"));
		long after = System.currentTimeMillis();
		for (SpanRecord record : List.of(first, second)) {
			assertThat(record.startEpochNanos() / 1_000_000).isEqualTo(record.startedAt());
			assertThat(record.startedAt()).isBetween(before - 1, after + 1);
		}
		// Spans a few microseconds apart are ordered and apart, not equal in the same millisecond.
		assertThat(second.startEpochNanos()).isGreaterThan(first.startEpochNanos());
		boolean subMillisecond = false;
		for (int i = 0; i < 100 && !subMillisecond; i++) {
			subMillisecond = this.trace.instant("x").startEpochNanos() % 1_000_000 != 0;
		}
		assertThat(subMillisecond).isTrue();
	}

	@Test
	void theDrainedJsonKeepsExactlyTheReferenceShape() {
		try (TraceScope scope = this.trace.openScope("parent", Map.of("a", 1))) {
			this.trace.end(this.trace.start("child"), Map.of("r", 2));
		}
		JsonNode json = JsonMapper.builder().build().valueToTree(this.trace.flush());
		assertThat(json.get(0).propertyNames()).containsExactly("id", "name", "started_at", "duration_ms", "result");
		assertThat(json.get(1).propertyNames()).containsExactly("id", "name", "started_at", "duration_ms",
				"attributes");
	}

	@Test
	void theSixArgumentConstructorStillBuildsARecord() {
		SpanRecord record = new SpanRecord(7, "n", 1_700_000_000_123L, 1.5, null, null);
		assertThat(record.startedAt()).isEqualTo(1_700_000_000_123L);
		assertThat(record.startEpochNanos()).isEqualTo(1_700_000_000_123_000_000L);
		assertThat(record.rootId()).isEqualTo(7);
		assertThat(record.parentId()).isZero();
		assertThat(record.durationMs()).isEqualTo(1.5);
	}

}
