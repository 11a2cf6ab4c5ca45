package dev.forge.trace.actuate;

import java.util.function.ToDoubleFunction;

import dev.forge.trace.TraceService;
import dev.forge.trace.TraceStats;
import dev.forge.trace.aop.TracedMethodInterceptor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the tracer's own health as meters: {@code trace.spans.*} counters and the
 * {@code trace.spans.active} and {@code trace.spans.buffered} gauges. The meters of one
 * scrape read one snapshot of the counters, taken at most once every 100 ms.
 */
public final class TraceMetrics implements MeterBinder {

	private static final long SNAPSHOT_NANOS = 100_000_000L;

	private final TraceService trace;

	private volatile Snapshot snapshot;

	private final @Nullable TracedMethodInterceptor interceptor;

	/**
	 * Creates a binder.
	 * @param trace the service whose counters are published
	 * @param interceptor the {@code @Traced} interceptor whose failures are published, if any
	 */
	public TraceMetrics(TraceService trace, @Nullable TracedMethodInterceptor interceptor) {
		this.trace = trace;
		this.interceptor = interceptor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "trace.spans.started", "Spans started", TraceStats::started);
		counter(registry, "trace.spans.finished", "Span records produced (ended spans and instants)",
				TraceStats::finished);
		counter(registry, "trace.spans.instants", "Instant events recorded", TraceStats::instants);
		counter(registry, "trace.spans.flushed", "Span records drained", TraceStats::flushed);
		counter(registry, "trace.spans.dropped", "Span records dropped because the buffer was full",
				TraceStats::dropped);
		counter(registry, "trace.spans.evicted",
				"Older span records evicted from the full buffer to make room for newer ones", TraceStats::evicted);
		counter(registry, "trace.spans.abandoned", "Spans evicted by max-active-spans", TraceStats::abandoned);
		counter(registry, "trace.values.truncated", "Names and values cut by a limit", TraceStats::valuesTruncated);
		counter(registry, "trace.values.not.captured", "Values that could not be serialized",
				TraceStats::valuesNotCaptured);
		Gauge.builder("trace.spans.active", this, (metrics) -> metrics.stats().active())
			.description("Spans started and not yet ended")
			.register(registry);
		Gauge.builder("trace.spans.buffered", this, (metrics) -> metrics.stats().buffered())
			.description("Span records waiting to be drained")
			.register(registry);
		if (this.interceptor != null) {
			FunctionCounter.builder("trace.tracing.failures", this.interceptor, TracedMethodInterceptor::tracingFailures)
				.description("Failures of tracing itself around @Traced calls, contained")
				.register(registry);
		}
	}

	private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<TraceStats> value) {
		FunctionCounter.builder(name, this, (metrics) -> value.applyAsDouble(metrics.stats()))
			.description(description)
			.register(registry);
	}

	TraceStats stats() {
		long now = System.nanoTime();
		Snapshot current = this.snapshot;
		if (current == null || now - current.takenAt() > SNAPSHOT_NANOS) {
			current = new Snapshot(this.trace.stats(), now);
			this.snapshot = current;
		}
		return current.stats();
	}

	private record Snapshot(TraceStats stats, long takenAt) {
	}

}
