package dev.forge.trace.benchmarks;

import java.util.concurrent.TimeUnit;

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
 * What log correlation costs a span that becomes current (as {@code @Traced} and the
 * observation bridge make them): {@code startScoped}, {@code closeScope} and {@code end}
 * with the MDC kept up to date, against the same with it off. Drained every 4096
 * operations, as in {@code TracerBenchmarks}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class LogCorrelationBenchmarks {

	private static final int DRAIN_EVERY = 4096;

	private TraceService correlated;

	private TraceService uncorrelated;

	private int count;

	@Setup
	public void setUp() {
		this.correlated = new TraceService(TraceOptions.builder().maxFinishedSpans(100_000).build());
		this.uncorrelated = new TraceService(
				TraceOptions.builder().maxFinishedSpans(100_000).logCorrelation(false).build());
	}

	@Benchmark
	public SpanRecord scopedSpanWithLogCorrelation() {
		return scoped(this.correlated);
	}

	@Benchmark
	public SpanRecord scopedSpanWithoutLogCorrelation() {
		return scoped(this.uncorrelated);
	}

	private SpanRecord scoped(TraceService trace) {
		long id = trace.startScoped("span", null);
		trace.closeScope(id);
		SpanRecord record = trace.end(id);
		if ((++this.count & (DRAIN_EVERY - 1)) == 0) {
			trace.flush();
		}
		return record;
	}

}
