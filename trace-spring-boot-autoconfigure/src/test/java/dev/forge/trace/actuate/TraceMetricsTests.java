package dev.forge.trace.actuate;

import java.lang.ref.Reference;

import dev.forge.trace.TraceService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceMetricsTests {

	@Test
	void metersFollowTheServicesCounters() throws InterruptedException {
		TraceService trace = new TraceService();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		// Meters hold their object weakly: keep it reachable, as the application context does.
		TraceMetrics metrics = new TraceMetrics(trace, null);
		metrics.bindTo(registry);
		long open = trace.start("open");
		trace.end(trace.start("done"));
		trace.instant("event");
		// Past the snapshot's lifetime, so the meters read the counters above.
		Thread.sleep(150);
		assertThat(registry.get("trace.spans.started").functionCounter().count()).isEqualTo(2);
		assertThat(registry.get("trace.spans.finished").functionCounter().count()).isEqualTo(2);
		assertThat(registry.get("trace.spans.instants").functionCounter().count()).isEqualTo(1);
		assertThat(registry.get("trace.spans.active").gauge().value()).isEqualTo(1);
		assertThat(registry.get("trace.spans.buffered").gauge().value()).isEqualTo(2);
		assertThat(registry.find("trace.tracing.failures").functionCounter()).isNull();
		trace.end(open);
		trace.flush();
		Thread.sleep(150);
		assertThat(registry.get("trace.spans.flushed").functionCounter().count()).isEqualTo(3);
		assertThat(registry.get("trace.spans.active").gauge().value()).isZero();
		Reference.reachabilityFence(metrics);
	}

}
