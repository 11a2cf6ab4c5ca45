package dev.forge.trace.export;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.forge.trace.SpanErrors;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tail sampling decides once per local trace, when its root arrives: notable traces go
 * whole, the others by probability and rate; spans waiting for their root are bounded in
 * time and number, and late spans follow their trace's decision.
 */
class TailSamplerTests {

	private static final long SECOND = 1_000_000_000L;

	private static final Map<String, Object> FAILURE = SpanErrors.of(new IllegalStateException("boom"));

	private final TraceService trace = new TraceService(
			TraceOptions.builder().slowThreshold(Duration.ofDays(1)).build());

	@Test
	void withProbabilityZeroOnlyNotableTracesAreExportedAndEachWhole() {
		TailSampler sampler = new TailSampler(0.0, 0, 10 * SECOND, 10_000, () -> 0.5);
		request("ordinary", null, false);
		long failedRoot = request("failed", FAILURE, false);
		long failedChild = request("child failed", null, true);
		long[] skipped = new long[1];
		List<SpanRecord> exported = sampler.sample(this.trace.flush(), 0, skipped);
		assertThat(exported).extracting(SpanRecord::rootId).containsOnly(failedRoot, failedChild);
		assertThat(exported).hasSize(6);
		assertThat(skipped[0]).isEqualTo(3);
		assertThat(sampler.pendingSpans()).isZero();
	}

	@Test
	void theProbabilityIsAppliedOncePerTrace() {
		double[] draws = { 0.1, 0.9, 0.2, 0.95 };
		int[] next = { 0 };
		TailSampler sampler = new TailSampler(0.5, 0, 10 * SECOND, 10_000, () -> draws[next[0]++]);
		List<Long> roots = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			roots.add(request("ordinary", null, false));
		}
		long[] skipped = new long[1];
		List<SpanRecord> exported = sampler.sample(this.trace.flush(), 0, skipped);
		assertThat(exported).extracting(SpanRecord::rootId).containsOnly(roots.get(0), roots.get(2));
		assertThat(exported).hasSize(6);
		assertThat(skipped[0]).isEqualTo(6);
		assertThat(next[0]).isEqualTo(4);
	}

	@Test
	void maxPerSecondCapsTheUnremarkableTracesButNotTheNotableOnes() {
		TailSampler sampler = new TailSampler(1.0, 2, 10 * SECOND, 10_000, () -> 0.0);
		for (int i = 0; i < 5; i++) {
			request("ordinary", null, false);
		}
		long failed = request("failed", FAILURE, false);
		long[] skipped = new long[1];
		List<SpanRecord> exported = sampler.sample(this.trace.flush(), 0, skipped);
		assertThat(exported.stream().map(SpanRecord::rootId).distinct()).hasSize(3).contains(failed);
		assertThat(skipped[0]).isEqualTo(9);
		// The next second has room again.
		request("ordinary", null, false);
		assertThat(sampler.sample(this.trace.flush(), SECOND, skipped)).hasSize(3);
	}

	@Test
	void spansWaitForTheirRootAndLateSpansFollowItsDecision() {
		TailSampler sampler = new TailSampler(0.0, 0, 10 * SECOND, 10_000, () -> 0.5);
		long root = this.trace.startScoped("job", null);
		this.trace.end(this.trace.start("early"));
		long late = this.trace.start("late");
		long[] skipped = new long[1];
		assertThat(sampler.sample(this.trace.flush(), 0, skipped)).isEmpty();
		assertThat(sampler.pendingSpans()).isEqualTo(1);
		this.trace.closeScope(root);
		this.trace.end(root, FAILURE);
		assertThat(sampler.sample(this.trace.flush(), SECOND, skipped)).extracting(SpanRecord::name)
			.containsExactly("early", "job");
		this.trace.end(late);
		assertThat(sampler.sample(this.trace.flush(), 2 * SECOND, skipped)).extracting(SpanRecord::name)
			.containsExactly("late");
		assertThat(skipped[0]).isZero();
		assertThat(sampler.pendingSpans()).isZero();
	}

	@Test
	void spansWhoseRootNeverComesAreDecidedAfterTheWait() {
		TailSampler sampler = new TailSampler(0.0, 0, 10 * SECOND, 10_000, () -> 0.5);
		long root = this.trace.startScoped("never ends", null);
		this.trace.end(this.trace.start("ordinary child"));
		this.trace.end(this.trace.start("failed child"), FAILURE);
		long[] skipped = new long[1];
		assertThat(sampler.sample(this.trace.flush(), 0, skipped)).isEmpty();
		assertThat(sampler.sample(List.of(), 9 * SECOND, skipped)).isEmpty();
		// A failed span makes its trace notable even without the root.
		assertThat(sampler.sample(List.of(), 10 * SECOND, skipped)).extracting(SpanRecord::name)
			.containsExactly("ordinary child", "failed child");
		assertThat(sampler.decidedWithoutRoot()).isEqualTo(1);
		this.trace.closeScope(root);
	}

	@Test
	void spansWaitingForTheirRootAreBoundedInNumber() {
		TailSampler sampler = new TailSampler(0.0, 0, 10 * SECOND, 5, () -> 0.5);
		List<Long> roots = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			roots.add(this.trace.startScoped("open", null));
			this.trace.end(this.trace.start("child"));
			this.trace.closeScope(roots.get(i));
		}
		long[] skipped = new long[1];
		sampler.sample(this.trace.flush(), 0, skipped);
		assertThat(sampler.pendingSpans()).isEqualTo(5);
		assertThat(skipped[0]).isEqualTo(3);
		assertThat(sampler.decidedWithoutRoot()).isEqualTo(3);
	}

	private long request(String name, Object result, boolean childFails) {
		try (TraceScope request = this.trace.openScope(name, null)) {
			this.trace.end(this.trace.start("query"), childFails ? FAILURE : null);
			this.trace.end(this.trace.start("render"));
			request.setResult(result);
			return request.id();
		}
	}

}
