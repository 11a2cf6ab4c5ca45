package dev.forge.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.forge.trace.internal.TraceEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TraceServiceTests {

	private final TraceService trace = new TraceService();

	@Test
	void idsStartAtOneAndIncreaseOnOneThread() {
		long first = this.trace.start("a");
		long second = this.trace.start("b");
		long third = this.trace.instant("c").id();
		assertThat(first).isEqualTo(1);
		assertThat(second).isEqualTo(2);
		assertThat(third).isEqualTo(3);
	}

	@Test
	void idsWrapFromTheLargestUnsignedValueToOneNeverZero() {
		this.trace.engine().setNextId(-2L);
		long a = this.trace.start("a");
		long b = this.trace.start("b");
		long c = this.trace.start("c");
		long d = this.trace.instant("d").id();
		assertThat(Long.toUnsignedString(a)).isEqualTo("18446744073709551614");
		assertThat(Long.toUnsignedString(b)).isEqualTo("18446744073709551615");
		assertThat(c).isEqualTo(1);
		assertThat(d).isEqualTo(2);
		assertThat(this.trace.end(b).id()).isEqualTo(-1L);
		assertThat(this.trace.end(c).id()).isEqualTo(1);
	}

	@Test
	void aSpanWhoseBlockOwnerIsNoLongerRememberedCanStillBeEnded() {
		long old = this.trace.start("old");
		// A million ids later the owner table's slot for the old block holds a newer block.
		this.trace.engine().setNextId(1L << 30);
		long recent = this.trace.start("recent");
		assertThat(this.trace.end(old).name()).isEqualTo("old");
		assertThat(this.trace.end(recent).name()).isEqualTo("recent");
	}

	@Test
	void endReturnsTheRecordWithNameAttributesResultAndTiming() throws InterruptedException {
		long before = System.currentTimeMillis();
		long id = this.trace.start("fetchUser", Map.of("userId", 42));
		Thread.sleep(25);
		SpanRecord record = this.trace.end(id, Map.of("status", 200));
		long after = System.currentTimeMillis();
		assertThat(record.id()).isEqualTo(id);
		assertThat(record.name()).isEqualTo("fetchUser");
		assertThat(record.startedAt()).isBetween(before, after);
		assertThat(record.durationMs()).isGreaterThanOrEqualTo(25.0).isLessThan(after - before + 1);
		assertThat(record.attributes().get("userId").asInt()).isEqualTo(42);
		assertThat(record.result().get("status").asInt()).isEqualTo(200);
	}

	@Test
	void durationHasSubMillisecondPrecision() {
		boolean fractional = false;
		for (int i = 0; i < 100 && !fractional; i++) {
			double duration = this.trace.end(this.trace.start("quick")).durationMs();
			assertThat(duration).isGreaterThanOrEqualTo(0.0);
			fractional = duration != Math.rint(duration);
		}
		assertThat(fractional).isTrue();
	}

	@Test
	void endOfAnUnknownIdThrowsSpanNotFoundAndChangesNothing() {
		long id = this.trace.start("kept");
		TraceStats before = this.trace.stats();
		assertThatExceptionOfType(SpanNotFoundException.class).isThrownBy(() -> this.trace.end(id + 1000, "x"))
			.satisfies((ex) -> assertThat(ex.spanId()).isEqualTo(id + 1000))
			.withMessageContaining(Long.toString(id + 1000));
		assertThatExceptionOfType(SpanNotFoundException.class).isThrownBy(() -> this.trace.end(0));
		assertThatExceptionOfType(SpanNotFoundException.class).isThrownBy(() -> this.trace.end(-1L))
			.withMessageContaining("18446744073709551615");
		assertThat(this.trace.stats()).isEqualTo(before);
		assertThat(this.trace.end(id).name()).isEqualTo("kept");
	}

	@Test
	void endOfAnAlreadyEndedSpanThrowsSpanNotFound() {
		long id = this.trace.start("once");
		this.trace.end(id);
		assertThatExceptionOfType(SpanNotFoundException.class).isThrownBy(() -> this.trace.end(id));
		assertThat(this.trace.flush()).hasSize(1);
	}

	@Test
	void spanNotFoundIsATraceException() {
		assertThat(new SpanNotFoundException(7)).isInstanceOf(TraceException.class)
			.isInstanceOf(RuntimeException.class);
	}

	@Test
	void instantTakesANewIdHasZeroDurationAndIsNeverActive() {
		long started = this.trace.start("span");
		SpanRecord instant = this.trace.instant("cache_miss", Map.of("entry", "user:123"));
		assertThat(instant.id()).isNotEqualTo(started);
		assertThat(instant.durationMs()).isZero();
		assertThat(instant.attributes().get("entry").asString()).isEqualTo("user:123");
		assertThat(this.trace.stats().active()).isEqualTo(1);
		assertThatExceptionOfType(SpanNotFoundException.class).isThrownBy(() -> this.trace.end(instant.id()));
		assertThat(this.trace.flush()).containsExactly(instant);
	}

	@Test
	void flushDrainsFinishedSpansOldestFirst() {
		SpanRecord first = this.trace.end(this.trace.start("first"));
		SpanRecord second = this.trace.instant("second");
		long open = this.trace.start("still open");
		assertThat(this.trace.flush()).containsExactly(first, second);
		assertThat(this.trace.flush()).isEmpty();
		SpanRecord third = this.trace.end(open);
		assertThat(this.trace.flush()).containsExactly(third);
	}

	@ParameterizedTest(name = "{0} threads")
	@ValueSource(ints = { 2, 3, 4 })
	void flushMergesTheRecordsOfManyThreadsInTheOrderTheyFinished(int threadCount) throws Exception {
		// Single-thread executors take turns: their records sit on different stripes, more
		// than one 256-record chunk each, and their finish order is known. Two threads take
		// a merge of their own.
		List<ExecutorService> threads = new ArrayList<>();
		for (int i = 0; i < threadCount; i++) {
			threads.add(Executors.newSingleThreadExecutor());
		}
		try {
			List<SpanRecord> finished = new ArrayList<>();
			for (int round = 0; round < 300; round++) {
				for (ExecutorService thread : threads) {
					String name = "round-" + round;
					finished.add(thread.submit(() -> this.trace.end(this.trace.start(name))).get());
				}
			}
			assertThat(this.trace.flush()).containsExactlyElementsOf(finished);
			assertThat(this.trace.flush()).isEmpty();
		}
		finally {
			threads.forEach(ExecutorService::shutdownNow);
		}
	}

	@Test
	void flushWithALimitReturnsTheOldestAndKeepsTheRest() {
		List<SpanRecord> records = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			records.add(this.trace.instant("event-" + i));
		}
		assertThat(this.trace.flush(3)).containsExactlyElementsOf(records.subList(0, 3));
		assertThat(this.trace.stats().buffered()).isEqualTo(7);
		SpanRecord later = this.trace.instant("later");
		assertThat(this.trace.flush(4)).containsExactlyElementsOf(records.subList(3, 7));
		assertThat(this.trace.flush()).containsExactly(records.get(7), records.get(8), records.get(9), later);
		assertThatIllegalArgumentException().isThrownBy(() -> this.trace.flush(0));
	}

	@Test
	void attributesAreAnImmutableSnapshotTakenAtTheCall() {
		Map<String, Object> attributes = new HashMap<>();
		List<String> tags = new ArrayList<>(List.of("a"));
		attributes.put("count", 1);
		attributes.put("tags", tags);
		long id = this.trace.start("snapshot", attributes);
		attributes.put("count", 2);
		attributes.put("added", true);
		tags.add("b");
		SpanRecord record = this.trace.end(id);
		assertThat(record.attributes().toString()).isEqualTo("{\"count\":1,\"tags\":[\"a\"]}");
		((ObjectNode) record.attributes()).put("count", 99);
		assertThat(this.trace.flush().get(0).attributes().get("count").asInt()).isEqualTo(1);
	}

	@Test
	void aFullFinishedBufferEvictsTheOldestAndCountsThem() {
		TraceService small = new TraceService(TraceOptions.builder().maxFinishedSpans(5).build());
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			ids.add(small.end(small.start("s" + i)).id());
		}
		TraceStats stats = small.stats();
		assertThat(stats.finished()).isEqualTo(8);
		assertThat(stats.buffered()).isEqualTo(5);
		assertThat(stats.evicted()).isEqualTo(3);
		assertThat(stats.dropped()).isZero();
		assertThat(small.recent()).extracting(SpanRecord::id).containsExactlyElementsOf(ids.subList(3, 8));
		assertThat(small.flush()).extracting(SpanRecord::id).containsExactlyElementsOf(ids.subList(3, 8));
		small.instant("after flush");
		assertThat(small.flush()).hasSize(1);
		stats = small.stats();
		assertThat(stats.flushed() + stats.dropped() + stats.evicted() + stats.buffered()).isEqualTo(stats.finished());
	}

	@Test
	void reachingMaxActiveSpansEvictsTheEldestAsAbandoned() {
		TraceService small = new TraceService(TraceOptions.builder().maxActiveSpans(3).build());
		long eldest = small.start("1");
		long second = small.start("2");
		small.start("3");
		small.start("4");
		TraceStats stats = small.stats();
		assertThat(stats.active()).isEqualTo(3);
		assertThat(stats.abandoned()).isEqualTo(1);
		assertThatExceptionOfType(SpanNotFoundException.class).isThrownBy(() -> small.end(eldest));
		assertThat(small.end(second).name()).isEqualTo("2");
		assertThat(small.stats().started()).isEqualTo(4);
	}

	@Test
	void maxActiveSpansHoldsWhenTheEldestLivesOnAnotherThread() throws Exception {
		TraceService small = new TraceService(TraceOptions.builder().maxActiveSpans(2).build());
		ExecutorService other = Executors.newSingleThreadExecutor();
		try {
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				ids.add(small.start("main-" + i));
				ids.add(other.submit(() -> small.start("other")).get());
			}
			TraceStats stats = small.stats();
			assertThat(stats.active()).isLessThanOrEqualTo(2);
			assertThat(stats.started()).isEqualTo(8);
			assertThat(stats.active() + stats.abandoned()).isEqualTo(8);
		}
		finally {
			other.shutdownNow();
		}
	}

	@Test
	void spansMayEndOnAnotherThread() throws Exception {
		long id = this.trace.start("async", Map.of("kind", "future"));
		SpanRecord record = CompletableFuture.supplyAsync(() -> this.trace.end(id, "done")).get();
		assertThat(record.id()).isEqualTo(id);
		assertThat(record.result().asString()).isEqualTo("done");
		assertThat(this.trace.flush()).containsExactly(record);
	}

	@Test
	void sensitiveKeysAreMaskedAtCapture() {
		TraceService masking = new TraceService(TraceOptions.builder().additionalMaskedKeys(List.of("ssn")).build());
		Map<String, Object> attributes = new HashMap<>();
		attributes.put("password", "hunter2");
		attributes.put("apiKey", "k-123");
		attributes.put("Authorization", "Bearer abc");
		attributes.put("set-cookie", "session=1");
		attributes.put("userSsn", "123-45-6789");
		attributes.put("nested", Map.of("clientSecret", "s", "refresh_token", "t", "user", "ada"));
		attributes.put("user", "ada");
		SpanRecord record = masking.instant("login", attributes);
		String json = record.attributes().toString();
		assertThat(json).doesNotContain("hunter2", "k-123", "Bearer", "session=1", "123-45", "\"s\"", "\"t\"");
		assertThat(record.attributes().get("password").asString()).isEqualTo("******");
		assertThat(record.attributes().get("userSsn").asString()).isEqualTo("******");
		assertThat(record.attributes().get("nested").get("clientSecret").asString()).isEqualTo("******");
		assertThat(record.attributes().get("nested").get("user").asString()).isEqualTo("ada");
		assertThat(record.attributes().get("user").asString()).isEqualTo("ada");
	}

	@Test
	void recordsOfPojosAreMaskedByPropertyName() {
		record Login(String user, String password) {
		}
		SpanRecord record = this.trace.instant("login", new Login("ada", "hunter2"));
		assertThat(record.attributes().toString()).isEqualTo("{\"user\":\"ada\",\"password\":\"******\"}");
	}

	@Test
	void longNamesAreTruncatedMarkedAndCounted() {
		TraceService shortNames = new TraceService(TraceOptions.builder().maxNameLength(8).build());
		SpanRecord record = shortNames.instant("averyveryverylongname");
		assertThat(record.name()).isEqualTo("averyve\u2026").hasSize(8);
		assertThat(shortNames.stats().valuesTruncated()).isEqualTo(1);
	}

	@Test
	void recordJsonUsesSnakeCaseLeavesOutAbsentValuesAndWritesUnsignedIds() {
		JsonMapper mapper = JsonMapper.builder().build();
		SpanRecord plain = new SpanRecord(1, "fetchUser", 1764000000000L, 12.53, null, null);
		assertThat(mapper.writeValueAsString(plain))
			.isEqualTo("{\"id\":1,\"name\":\"fetchUser\",\"started_at\":1764000000000,\"duration_ms\":12.53}");
		SpanRecord full = this.trace.instant("x", Map.of("a", 1));
		this.trace.engine().setNextId(-1L);
		SpanRecord wrapped = this.trace.end(this.trace.start("y"), List.of(true));
		assertThat(mapper.writeValueAsString(full)).contains("\"attributes\":{\"a\":1}").doesNotContain("result");
		assertThat(mapper.writeValueAsString(wrapped)).startsWith("{\"id\":18446744073709551615,")
			.endsWith("\"result\":[true]}");
	}

	@Test
	void infoReportsTheBuildVersion() {
		ExtensionInfo info = this.trace.info();
		assertThat(info.name()).isEqualTo("trace-spring-boot-starter");
		assertThat(info.status()).isEqualTo("active");
		assertThat(System.getProperty("expected.project.version")).isNotBlank();
		assertThat(info.version()).isEqualTo(System.getProperty("expected.project.version"));
	}

	@Test
	void optionsBelowOneAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TraceOptions.builder().maxFinishedSpans(0).build())
			.withMessageContaining("maxFinishedSpans");
		assertThatIllegalArgumentException().isThrownBy(() -> TraceOptions.builder().maxActiveSpans(-1).build());
	}

	@Test
	void aFlushReturnsRecordsFinishedOnSeveralThreadsInTheOrderTheyFinished() throws Exception {
		ExecutorService[] threads = { Executors.newSingleThreadExecutor(), Executors.newSingleThreadExecutor(),
				Executors.newSingleThreadExecutor() };
		List<String> finished = new ArrayList<>();
		try {
			// Runs of different lengths on each thread, one after another: each stripe's run is copied whole.
			int[] runs = { 3, 1, 4, 1, 5, 9, 2, 6 };
			for (int run = 0; run < runs.length; run++) {
				ExecutorService thread = threads[run % threads.length];
				for (int i = 0; i < runs[run]; i++) {
					String name = "run" + run + "-" + i;
					thread.submit(() -> this.trace.end(this.trace.start(name))).get();
					finished.add(name);
				}
			}
		}
		finally {
			for (ExecutorService thread : threads) {
				thread.shutdown();
			}
		}
		assertThat(this.trace.flush()).extracting(SpanRecord::name).containsExactlyElementsOf(finished);
	}

	@Test
	void stripeCountIsAPowerOfTwoScaledToProcessors() {
		assertThat(TraceEngine.stripeCount(1)).isEqualTo(4);
		assertThat(TraceEngine.stripeCount(2)).isEqualTo(8);
		assertThat(TraceEngine.stripeCount(3)).isEqualTo(16);
		assertThat(TraceEngine.stripeCount(64)).isEqualTo(64);
	}

}
