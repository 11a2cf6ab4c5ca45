package dev.forge.trace.profile;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.forge.trace.KeptTrace;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Matching events to kept traces, without the recorder: by thread and time, to the
 * innermost span; events and traces wait for each other a while; everything is bounded.
 */
class ProfileCollectorTests {

	private static final long SECOND = 1_000_000_000L;

	private final TraceService trace = new TraceService();

	private final long thread = Thread.currentThread().getId();

	@Test
	void eventsGoToTheInnermostSpanOnTheirThreadWhetherTheyCameBeforeOrAfterTheTraceWasKept() throws Exception {
		KeptTrace kept = failedTrace();
		SpanRecord inner = kept.records().stream().filter((r) -> r.name().equals("inner")).findFirst().orElseThrow();
		ProfileCollector collector = new ProfileCollector(10 * SECOND, 1000, 100, 1 << 20, 20);
		collector.event(sample(inner.startEpochNanos() + 1000, "a.A.run", "a.A.inner"));
		collector.event(sample(inner.startEpochNanos() + 2000, "a.A.run", "a.A.inner"));
		// Another thread, and a time outside every span: no trace's.
		collector.event(new ProfileEvent("cpu", this.thread + 1, inner.startEpochNanos() + 1000, 0, List.of("x")));
		collector.event(sample(kept.root().startEpochNanos() - SECOND, "b.B.before"));
		collector.kept(List.of(kept));
		collector.event(new ProfileEvent("sleep", this.thread, inner.startEpochNanos() + 3000, 1_000_000,
				List.of("a.A.run", "java.lang.Thread.sleep")));
		TraceProfile profile = collector.profile(Long.toString(kept.root().id()));
		assertThat(profile.cpu()).singleElement().satisfies((stack) -> {
			assertThat(stack.samples()).isEqualTo(2);
			assertThat(stack.spanId()).isEqualTo(inner.spanId());
		});
		assertThat(profile.waits()).singleElement().satisfies((wait) -> {
			assertThat(wait.kind()).isEqualTo("sleep");
			assertThat(wait.durationMs()).isEqualTo(1.0);
			assertThat(wait.spanId()).isEqualTo(inner.spanId());
		});
		assertThat(profile.collapsed()).isEqualTo("a.A.run;a.A.inner 2\n");
		assertThat(collector.profile(kept.root().traceId())).isNotNull();
		assertThat(collector.profile("12345")).isNull();
	}

	@Test
	void aWaitThatSeemsToBeginJustBeforeItsSpanGoesToThatSpanNotItsParent() throws Exception {
		// The recorder's clock and the tracer's differ a little: the sleep that is the whole
		// of the inner span is seen starting half a millisecond before it.
		KeptTrace kept = failedTrace(30);
		SpanRecord inner = kept.records().stream().filter((r) -> r.name().equals("inner")).findFirst().orElseThrow();
		ProfileCollector collector = new ProfileCollector(10 * SECOND, 1000, 100, 1 << 20, 20);
		collector.kept(List.of(kept));
		collector.event(new ProfileEvent("sleep", this.thread, inner.startEpochNanos() - 500_000, 30_000_000,
				List.of("a.A.inner", "java.lang.Thread.sleep")));
		assertThat(collector.profile(Long.toString(kept.root().id())).waits())
			.singleElement()
			.satisfies((wait) -> assertThat(wait.spanId()).isEqualTo(inner.spanId()));
	}

	@Test
	void aTraceKeepsAtMostItsStacksAndCountsTheRest() throws Exception {
		KeptTrace kept = failedTrace();
		ProfileCollector collector = new ProfileCollector(10 * SECOND, 1000, 3, 1 << 20, 20);
		collector.kept(List.of(kept));
		long at = kept.root().startEpochNanos() + 1000;
		for (int i = 0; i < 10; i++) {
			collector.event(sample(at, "f" + i));
		}
		TraceProfile profile = collector.profile(Long.toString(kept.root().id()));
		assertThat(profile.cpu()).hasSize(3);
		assertThat(profile.dropped()).isEqualTo(7);
	}

	@Test
	void eventsNoKeptTraceTookLeaveTheWindowAndTheWindowIsBounded() throws Exception {
		ProfileCollector collector = new ProfileCollector(10 * SECOND, 5, 100, 1 << 20, 20);
		for (int i = 0; i < 8; i++) {
			collector.event(sample(i, "f"));
		}
		assertThat(collector.counts()).containsExactly(8, 0, 3);
		collector.advance(20 * SECOND, Set.of());
		assertThat(collector.counts()).containsExactly(8, 0, 8);
		// A trace kept now finds nothing left of them.
		KeptTrace kept = failedTrace();
		collector.kept(List.of(kept));
		assertThat(collector.profile(Long.toString(kept.root().id())).cpu()).isEmpty();
	}

	@Test
	void profilesGoWithTheirTraceAndPastTheByteBound() throws Exception {
		KeptTrace first = failedTrace();
		KeptTrace second = failedTrace();
		ProfileCollector collector = new ProfileCollector(SECOND, 1000, 100, 1, 20);
		collector.kept(List.of(first, second));
		collector.event(sample(first.root().startEpochNanos() + 1000, "f"));
		long later = System.currentTimeMillis() * 1_000_000L + 5 * SECOND;
		// Both ended over the window ago: done; the byte bound (1 byte) lets none stay.
		collector.advance(later, Set.of(first.root().id(), second.root().id()));
		assertThat(collector.profile(Long.toString(first.root().id()))).isNull();
		assertThat(collector.bytes()).isZero();
		// Within the bound, a profile stays while its trace is kept, and goes with it.
		ProfileCollector roomy = new ProfileCollector(SECOND, 1000, 100, 1 << 20, 20);
		roomy.kept(List.of(first, second));
		roomy.advance(later, Set.of(first.root().id(), second.root().id()));
		assertThat(roomy.profile(Long.toString(second.root().id()))).isNotNull();
		roomy.advance(later, Set.of(first.root().id()));
		assertThat(roomy.profile(Long.toString(second.root().id()))).isNull();
		assertThat(roomy.profile(Long.toString(first.root().id()))).isNotNull();
	}

	private ProfileEvent sample(long epochNanos, String... stack) {
		return new ProfileEvent("cpu", this.thread, epochNanos, 0, List.of(stack));
	}

	/** A failed root with a child, which the tracer keeps. */
	private KeptTrace failedTrace() throws InterruptedException {
		return failedTrace(2);
	}

	/** A failed root with a child that sleeps for at least the given time. */
	private KeptTrace failedTrace(long innerMillis) throws InterruptedException {
		long rootId;
		try (TraceScope root = this.trace.openScope("request", null)) {
			rootId = root.id();
			try (TraceScope inner = this.trace.openScope("inner", null)) {
				Thread.sleep(innerMillis);
			}
			root.setResult(Map.of("error", "boom"));
		}
		return this.trace.keptTraces().stream().filter((kept) -> kept.root().id() == rootId).findFirst().orElseThrow();
	}

}
