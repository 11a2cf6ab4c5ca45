package dev.forge.trace;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpanStatisticsTests {

	@Test
	void activeSpansListsStartedSpansOldestFirstWithTheirAgeAndMaskedAttributes() throws InterruptedException {
		TraceService trace = new TraceService();
		long older = trace.start("older", Map.of("password", "hunter2", "user", "ada"));
		Thread.sleep(15);
		long newer = trace.start("newer");
		trace.end(trace.start("ended"));
		List<ActiveSpanSnapshot> active = trace.activeSpans();
		assertThat(active).extracting(ActiveSpanSnapshot::id).containsExactly(older, newer);
		assertThat(active.get(0).ageMs()).isGreaterThanOrEqualTo(15.0).isGreaterThan(active.get(1).ageMs());
		assertThat(active.get(0).attributes().get("password").asString()).isEqualTo("******");
		assertThat(active.get(0).attributes().get("user").asString()).isEqualTo("ada");
	}

	@Test
	void statisticsPerNameAreKeptAtEndAndSurviveFlush() {
		TraceService trace = new TraceService();
		for (int i = 0; i < 9; i++) {
			trace.end(trace.start("fetch"));
		}
		trace.end(trace.start("fetch"), Map.of("error", "timeout"));
		trace.end(trace.start("save"), Map.of("status", "ok"));
		trace.instant("not a span");
		trace.flush();
		List<SpanNameStats> stats = trace.statsByName();
		assertThat(stats).extracting(SpanNameStats::name).containsExactly("fetch", "save");
		SpanNameStats fetch = stats.get(0);
		assertThat(fetch.count()).isEqualTo(10);
		assertThat(fetch.errors()).isEqualTo(1);
		assertThat(fetch.meanMs()).isCloseTo(fetch.totalMs() / 10, within(0.001));
		// Views are rounded to the microsecond: no float noise such as 0.18925240000000002.
		for (double value : new double[] { fetch.totalMs(), fetch.meanMs(), fetch.maxMs(), fetch.p50Ms() }) {
			assertThat(value * 1000).isCloseTo(Math.rint(value * 1000), within(1e-6));
		}
		assertThat(fetch.maxMs()).isGreaterThanOrEqualTo(fetch.p99Ms());
		assertThat(fetch.p99Ms()).isGreaterThanOrEqualTo(fetch.p95Ms());
		assertThat(fetch.p95Ms()).isGreaterThanOrEqualTo(fetch.p50Ms());
		assertThat(stats.get(1).errors()).isZero();
	}

	@Test
	void namesPastTheLimitShareTheOtherBucket() {
		TraceService trace = new TraceService(TraceOptions.builder().maxStatsNames(2).build());
		for (int i = 0; i < 3; i++) {
			trace.end(trace.start("frequent"));
		}
		trace.end(trace.start("second"));
		trace.end(trace.start("second"));
		for (int i = 0; i < 5; i++) {
			trace.end(trace.start("rare-" + i));
		}
		List<SpanNameStats> stats = trace.statsByName();
		assertThat(stats).extracting(SpanNameStats::name).containsExactly("frequent", "second", TraceService.OTHER_NAMES);
		assertThat(stats.get(2).count()).isEqualTo(5);
	}

}
