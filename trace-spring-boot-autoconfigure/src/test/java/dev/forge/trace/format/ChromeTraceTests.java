package dev.forge.trace.format;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ChromeTraceTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TraceService trace = new TraceService();

	@Test
	void nestedSpansBecomeNestedCompleteEventsOnTheirThread() throws Exception {
		try (TraceScope outer = this.trace.openScope("outer", Map.of("user", "ada"))) {
			Thread.sleep(2);
			try (TraceScope inner = this.trace.openScope("inner", null)) {
				this.trace.instant("mark", Map.of("k", 1));
				Thread.sleep(2);
			}
			Thread.sleep(1);
		}
		List<SpanRecord> records = this.trace.flush();
		JsonNode trace = JSON.valueToTree(new ChromeTrace(records, "orders"));
		Map<String, List<JsonNode>> events = ChromeTraceValidator.validate(trace);
		assertThat(events.get("X")).hasSize(2);
		assertThat(events.get("i")).hasSize(1);
		JsonNode outer = events.get("X").stream().filter((e) -> e.get("name").asString().equals("outer")).findFirst()
			.orElseThrow();
		SpanRecord outerRecord = records.get(records.size() - 1);
		assertThat(outer.get("ts").asLong()).isEqualTo(outerRecord.startEpochNanos() / 1000);
		assertThat(outer.get("dur").asLong()).isBetween(4_000L, 1_000_000L);
		assertThat(outer.get("args").get("attributes").get("user").asString()).isEqualTo("ada");
		assertThat(outer.get("tid").asLong()).isEqualTo(outerRecord.threadId());
		assertThat(events.get("M").stream().filter((e) -> e.get("name").asString().equals("process_name")))
			.singleElement().satisfies((e) -> assertThat(e.get("args").get("name").asString()).isEqualTo("orders"));
		JsonNode inner = events.get("X").stream().filter((e) -> e.get("name").asString().equals("inner")).findFirst()
			.orElseThrow();
		assertThat(inner.get("args").get("parent_id").asString()).isEqualTo(Long.toString(outerRecord.id()));
		// The exported ids travel in the args, so a span can be found in another backend.
		assertThat(outer.get("args").get("trace_id").asString()).isEqualTo(outerRecord.traceId());
		assertThat(outer.get("args").get("span_id").asString()).isEqualTo(outerRecord.spanId());
		assertThat(inner.get("args").get("trace_id").asString()).isEqualTo(outerRecord.traceId());
	}

	@Test
	void spansThatOverlapWithoutNestingBecomeAsyncEventsAndNeverBreakTheThreadsTrack() throws Exception {
		ExecutorService ender = Executors.newSingleThreadExecutor();
		try {
			// Two spans of one thread that overlap: a started, b started, a ends, b ends later elsewhere.
			long a = this.trace.start("a");
			Thread.sleep(2);
			long b = this.trace.start("b");
			Thread.sleep(2);
			this.trace.end(a);
			Thread.sleep(2);
			CompletableFuture.runAsync(() -> this.trace.end(b), ender).join();
			JsonNode trace = JSON.valueToTree(new ChromeTrace(this.trace.flush(), "app"));
			Map<String, List<JsonNode>> events = ChromeTraceValidator.validate(trace);
			assertThat(events.get("X")).extracting((e) -> e.get("name").asString()).containsExactly("a");
			assertThat(events.get("b")).extracting((e) -> e.get("name").asString()).containsExactly("b");
			assertThat(events.get("e")).hasSize(1);
		}
		finally {
			ender.shutdown();
		}
	}

	@Test
	void manyThreadsAndRandomOverlapsAlwaysValidate() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<CompletableFuture<Void>> work = new java.util.ArrayList<>();
			for (int t = 0; t < 4; t++) {
				work.add(CompletableFuture.runAsync(() -> {
					java.util.Random random = new java.util.Random();
					java.util.Deque<Long> open = new java.util.ArrayDeque<>();
					for (int i = 0; i < 2_000; i++) {
						if (open.isEmpty() || random.nextInt(3) > 0) {
							open.add(this.trace.start("s" + random.nextInt(5)));
						}
						else {
							// Out of order on purpose: ends the eldest, not the newest.
							this.trace.end(random.nextBoolean() ? open.pollFirst() : open.pollLast());
						}
					}
					open.forEach(this.trace::end);
				}, pool));
			}
			CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
			ChromeTraceValidator.validate(JSON.valueToTree(new ChromeTrace(this.trace.flush(), "app")));
		}
		finally {
			pool.shutdown();
		}
	}

}
