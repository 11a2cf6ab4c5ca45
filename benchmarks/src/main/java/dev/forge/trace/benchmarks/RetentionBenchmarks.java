package dev.forge.trace.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.SpanErrors;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What retention costs: start+end with room in the buffer (drained every 4096 operations,
 * as in {@code TracerBenchmarks}) against start+end into a full buffer that evicts its
 * oldest unremarkable record each time; and a local trace of 10 spans whose root ends
 * ordinary against one whose root fails, so that the whole trace is marked notable (the
 * difference is the cost of the decision at the root's end).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class RetentionBenchmarks {

	private static final int DRAIN_EVERY = 4096;

	private static final Map<String, Object> FAILURE = SpanErrors.of(new IllegalStateException("failed"));

	private TraceService withRoom;

	private TraceService full;

	private TraceService traces;

	private int count;

	@Setup
	public void setUp() {
		this.withRoom = new TraceService(TraceOptions.builder().maxFinishedSpans(100_000).build());
		this.full = new TraceService(TraceOptions.builder().maxFinishedSpans(10_000).build());
		for (int i = 0; i < 20_000; i++) {
			this.full.end(this.full.start("fill"));
		}
		// A fixed threshold no root reaches: only the failed roots make their traces notable.
		this.traces = new TraceService(
				TraceOptions.builder().maxFinishedSpans(10_000).slowThreshold(Duration.ofDays(1)).build());
	}

	@Benchmark
	public SpanRecord startEndWithRoom() {
		SpanRecord record = this.withRoom.end(this.withRoom.start("span"));
		if ((++this.count & (DRAIN_EVERY - 1)) == 0) {
			this.withRoom.flush();
		}
		return record;
	}

	@Benchmark
	public SpanRecord startEndFullEvicting() {
		return this.full.end(this.full.start("span"));
	}

	@Benchmark
	public SpanRecord traceOf10Ordinary() {
		return traceOf10(null);
	}

	@Benchmark
	public SpanRecord traceOf10FailedRootMarksItsTrace() {
		return traceOf10(FAILURE);
	}

	private SpanRecord traceOf10(Object rootResult) {
		long root = this.traces.startScoped("request", null);
		for (int i = 0; i < 9; i++) {
			this.traces.end(this.traces.start("query"));
		}
		this.traces.closeScope(root);
		return this.traces.end(root, rootResult);
	}

}
