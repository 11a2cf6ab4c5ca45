package dev.forge.trace.actuate;

import java.util.concurrent.TimeUnit;

import dev.forge.trace.export.ExportDrainer;
import dev.forge.trace.export.ExporterStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes what each exporter did, tagged with {@code exporter}: spans exported
 * ({@code trace.export.spans.exported}), dropped ({@code trace.export.spans.dropped}),
 * queued ({@code trace.export.spans.queued}), failed sends
 * ({@code trace.export.failures}) and the time sends take ({@code trace.export.send}).
 */
public final class ExportMetrics implements MeterBinder {

	private final ExportDrainer drainer;

	/**
	 * Creates a binder.
	 * @param drainer the drainer whose exporters are published
	 */
	public ExportMetrics(ExportDrainer drainer) {
		this.drainer = drainer;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (ExporterStats initial : this.drainer.stats()) {
			String name = initial.exporter();
			FunctionCounter.builder("trace.export.spans.exported", this, (m) -> m.stats(name).exported())
				.tag("exporter", name)
				.description("Spans an exporter delivered")
				.register(registry);
			FunctionCounter.builder("trace.export.spans.dropped", this, (m) -> m.stats(name).dropped())
				.tag("exporter", name)
				.description("Spans an exporter gave up, all causes")
				.register(registry);
			FunctionCounter.builder("trace.export.failures", this, (m) -> m.stats(name).failedAttempts())
				.tag("exporter", name)
				.description("Sends that failed, retried or not")
				.register(registry);
			Gauge.builder("trace.export.spans.queued", this, (m) -> m.stats(name).queued())
				.tag("exporter", name)
				.description("Spans waiting to be sent")
				.register(registry);
			FunctionTimer.builder("trace.export.send", this, (m) -> m.stats(name).sends(),
					(m) -> m.stats(name).sendNanos(), TimeUnit.NANOSECONDS)
				.tag("exporter", name)
				.description("Sends of a batch, with the time they took")
				.register(registry);
		}
	}

	private ExporterStats stats(String name) {
		return this.drainer.stats().stream().filter((s) -> s.exporter().equals(name)).findFirst().orElseThrow();
	}

}
