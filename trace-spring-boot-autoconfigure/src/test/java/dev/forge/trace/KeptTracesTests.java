package dev.forge.trace;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kept traces: a notable local trace is copied whole when its root ends and outlives the
 * finished buffer, within quotas per root name and bounds in traces and bytes.
 */
class KeptTracesTests {

	private static final Map<String, Object> FAILURE = SpanErrors.of(new IllegalStateException("boom"));

	@Test
	void anEarlyFailedTraceOutlivesTwentyThousandOrdinaryOnesWithEverySpan() {
		TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(1_000).build());
		long failedRoot = request(trace, "GET /orders", true);
		long lastRoot = 0;
		for (int i = 0; i < 20_000; i++) {
			lastRoot = request(trace, "GET /orders", false);
		}
		long newest = lastRoot;
		assertThat(trace.recent()).filteredOn((record) -> record.rootId() == newest).hasSize(4);
		// Beside it, the name's slowest traces (past its 99th percentile) within their quota.
		assertThat(trace.keptTraces()).filteredOn((kept) -> !kept.failed()).hasSizeLessThanOrEqualTo(5);
		assertThat(trace.keptTraces()).filteredOn(KeptTrace::failed).singleElement().satisfies((kept) -> {
			assertThat(kept.root().id()).isEqualTo(failedRoot);
			assertThat(kept.records()).extracting(SpanRecord::name)
				.containsExactly("GET /orders", "repository.find", "sql", "repository.save");
			assertThat(kept.records()).allSatisfy((record) -> assertThat(record.rootId()).isEqualTo(failedRoot));
		});
	}

	@Test
	void eachNameKeepsItsLatestFailuresSoABusyNameCannotPushOutTheOthers() {
		TraceService trace = new TraceService(TraceOptions.builder().keepErrorsPerName(3).build());
		long quiet = request(trace, "GET /quiet", true);
		long[] busy = new long[50];
		for (int i = 0; i < busy.length; i++) {
			busy[i] = request(trace, "GET /busy", true);
		}
		List<Long> roots = trace.keptTraces().stream().map((kept) -> kept.root().id()).toList();
		assertThat(roots).containsExactly(busy[49], busy[48], busy[47], quiet);
	}

	/** Every root slow (0), or none (10 s, a threshold no root passes): the slowest are kept either way. */
	@ParameterizedTest
	@ValueSource(longs = { 0, 10_000 })
	void eachNameKeepsItsSlowestTracesOfTheWindowWhateverTheThreshold(long thresholdMillis) throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder()
			.slowThreshold(Duration.ofMillis(thresholdMillis))
			.keepSlowestPerName(2)
			.keepErrorsPerName(0)
			.build());
		timed(trace, 30);
		timed(trace, 1);
		timed(trace, 15);
		timed(trace, 2);
		assertThat(trace.keptTraces()).extracting((kept) -> kept.root().id())
			.containsExactlyInAnyOrderElementsOf(slowestRoots(trace, 2));
	}

	@Test
	void aNamesSlowestRootsAreKeptBeforeItsPercentileCanCallAnySlowColdStartIncluded() throws Exception {
		// No threshold: the 99th percentile needs 100 roots, and the first, slowest, comes first.
		TraceService trace = new TraceService(TraceOptions.builder().keepSlowestPerName(2).build());
		timed(trace, 40);
		for (int i = 0; i < 20; i++) {
			timed(trace, 0);
		}
		timed(trace, 20);
		timed(trace, 0);
		// The two slowest as the tracer timed them (a busy machine may stretch any of them).
		assertThat(trace.keptTraces()).extracting((kept) -> kept.root().id())
			.containsExactlyInAnyOrderElementsOf(slowestRoots(trace, 2));
		assertThat(trace.keptTraces()).noneMatch(KeptTrace::failed);
	}

	/** The ids of the {@code count} longest roots of the recent window. */
	private static List<Long> slowestRoots(TraceService trace, int count) {
		return trace.recent()
			.stream()
			.filter((record) -> record.parentId() == 0)
			.sorted(java.util.Comparator.comparingDouble(SpanRecord::durationMs).reversed())
			.limit(count)
			.map(SpanRecord::id)
			.toList();
	}

	@Test
	void slowTracesOlderThanTheWindowMakeWay() throws Exception {
		TraceService trace = new TraceService(TraceOptions.builder()
			.slowThreshold(Duration.ZERO)
			.keepSlowestPerName(1)
			.keepWindow(Duration.ofMillis(50))
			.build());
		timed(trace, 40);
		Thread.sleep(100);
		long later = timed(trace, 1);
		assertThat(trace.keptTraces()).extracting((kept) -> kept.root().id()).containsExactly(later);
	}

	@Test
	void theStoreIsBoundedInTracesAndInBytes() {
		TraceService fewTraces = new TraceService(TraceOptions.builder().keepMaxTraces(4).build());
		for (int i = 0; i < 20; i++) {
			request(fewTraces, "GET /n" + i, true);
		}
		assertThat(fewTraces.keptTraces()).hasSize(4)
			.extracting(KeptTrace::rootName)
			.containsExactly("GET /n19", "GET /n18", "GET /n17", "GET /n16");
		TraceService fewBytes = new TraceService(TraceOptions.builder().keepMaxBytes(4_000).build());
		for (int i = 0; i < 20; i++) {
			request(fewBytes, "GET /n" + i, true);
		}
		long bytes = fewBytes.keptTraces().stream().mapToLong(KeptTrace::bytes).sum();
		assertThat(bytes).isPositive().isLessThanOrEqualTo(4_000);
		assertThat(fewBytes.keptTraces().get(0).rootName()).isEqualTo("GET /n19");
	}

	@Test
	void aKeptTraceHoldsAtMostTheConfiguredNumberOfSpans() {
		TraceService trace = new TraceService(TraceOptions.builder().keepMaxSpansPerTrace(10).build());
		try (TraceScope scope = trace.openScope("batch", null)) {
			for (int i = 0; i < 50; i++) {
				trace.end(trace.start("item"));
			}
			scope.setResult(FAILURE);
		}
		assertThat(trace.keptTraces()).singleElement()
			.satisfies((kept) -> assertThat(kept.records()).hasSize(10).first().isEqualTo(kept.root()));
	}

	@Test
	void childrenAlreadyDrainedAreTakenFromTheRecentWindow() {
		TraceService trace = new TraceService();
		long root = trace.startScoped("job", null);
		trace.end(trace.start("step"));
		assertThat(trace.flush()).hasSize(1);
		trace.closeScope(root);
		trace.end(root, FAILURE);
		assertThat(trace.keptTraces()).singleElement()
			.satisfies((kept) -> assertThat(kept.records()).extracting(SpanRecord::name).containsExactly("job", "step"));
	}

	@Test
	void ordinaryTracesPastTheirNamesSlowestPlacesAreNotKept() {
		TraceService trace = new TraceService(TraceOptions.builder().slowThreshold(Duration.ofDays(1)).build());
		for (int i = 0; i < 100; i++) {
			request(trace, "GET /orders", false);
		}
		// The name's five slowest of the window, whatever the threshold; no more.
		assertThat(trace.keptTraces()).hasSize(5).noneMatch(KeptTrace::failed);
		TraceService noSlowestPlaces = new TraceService(
				TraceOptions.builder().slowThreshold(Duration.ofDays(1)).keepSlowestPerName(0).build());
		for (int i = 0; i < 100; i++) {
			request(noSlowestPlaces, "GET /orders", false);
		}
		assertThat(noSlowestPlaces.keptTraces()).isEmpty();
	}

	private static long request(TraceService trace, String name, boolean fail) {
		try (TraceScope request = trace.openScope(name, null)) {
			try (TraceScope find = trace.openScope("repository.find", null)) {
				trace.end(trace.start("sql"));
			}
			trace.end(trace.start("repository.save"));
			if (fail) {
				request.setResult(FAILURE);
			}
			return request.id();
		}
	}

	private static long timed(TraceService trace, long millis) throws InterruptedException {
		try (TraceScope request = trace.openScope("GET /report", null)) {
			Thread.sleep(millis);
			return request.id();
		}
	}

}
