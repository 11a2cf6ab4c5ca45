package dev.forge.trace.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code flush()} of a full default buffer: 10,000 finished spans. The buffer is refilled
 * before each call, outside the timing; its allocations do count in {@code -prof gc}'s
 * bytes per operation, so those are an upper bound.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class FlushBenchmarks {

	private static final int SPANS = 10_000;

	private final TraceService trace = new TraceService();

	@Setup(Level.Invocation)
	public void fill() {
		for (int i = 0; i < SPANS; i++) {
			this.trace.end(this.trace.start("operation"));
		}
	}

	@Benchmark
	public List<SpanRecord> traceServiceFlush10k() {
		return this.trace.flush();
	}

}
