package dev.forge.trace.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceScope;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What handing a span over to a task costs: {@code wrap} and running the wrapped task
 * (the span entered and left on the running thread, log correlation on) against running
 * the task as it is; and {@code wrap} outside any span, which returns the task itself.
 * Measured on one thread: the hand-over's own work, without a queue or a thread switch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class HandOverBenchmarks {

	private final TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(100_000).build());

	private final TraceService idle = new TraceService(TraceOptions.builder().maxFinishedSpans(100_000).build());

	private TraceScope request;

	private long counter;

	private final Runnable task = () -> this.counter++;

	@Setup(Level.Trial)
	public void openRequest() {
		this.request = this.trace.openScope("request", null);
	}

	@TearDown(Level.Trial)
	public void closeRequest() {
		this.request.close();
	}

	@Benchmark
	public long runTask() {
		this.task.run();
		return this.counter;
	}

	@Benchmark
	public long wrapAndRunTask() {
		this.trace.wrap(this.task).run();
		return this.counter;
	}

	@Benchmark
	public long wrapOutsideAnySpanAndRunTask() {
		this.idle.wrap(this.task).run();
		return this.counter;
	}

}
