package dev.forge.trace.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import dev.forge.trace.observation.TraceObservationHandler;
import io.micrometer.observation.transport.SenderContext;
import brave.Tracing;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which headers the observation handler writes, as configured, and none beside Micrometer
 * Tracing, whose own handlers write them.
 */
class PropagationAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TraceAutoConfiguration.class, TraceObservationAutoConfiguration.class));

	@Test
	void writesW3cByDefaultAndWhatIsConfigured() {
		this.contextRunner.run((context) -> assertThat(headersOfACall(context.getBean(TraceObservationHandler.class)))
			.containsOnlyKeys("traceparent"));
		this.contextRunner.withPropertyValues("trace.propagation.produce=b3,b3-multi")
			.run((context) -> assertThat(headersOfACall(context.getBean(TraceObservationHandler.class)))
				.containsOnlyKeys("b3", "X-B3-TraceId", "X-B3-SpanId", "X-B3-Sampled"));
		this.contextRunner.withPropertyValues("trace.propagation.enabled=false")
			.run((context) -> assertThat(headersOfACall(context.getBean(TraceObservationHandler.class))).isEmpty());
	}

	@Test
	void besideMicrometerTracingItWritesNothingTwice() {
		this.contextRunner.withUserConfiguration(MicrometerTracing.class)
			.run((context) -> assertThat(headersOfACall(context.getBean(TraceObservationHandler.class))).isEmpty());
	}

	/**
	 * Boot's spring-boot-micrometer-tracing without a bridge (brought, say, by a library)
	 * gives a no-op tracer, which writes no header: this tracer writes them.
	 */
	@Test
	void besideMicrometerTracingsNoopTracerItWritesItsHeaders() {
		this.contextRunner.withUserConfiguration(NoopTracer.class)
			.run((context) -> assertThat(headersOfACall(context.getBean(TraceObservationHandler.class)))
				.containsOnlyKeys("traceparent"));
	}

	private static Map<String, String> headersOfACall(TraceObservationHandler handler) {
		Map<String, String> headers = new HashMap<>();
		SenderContext<Map<String, String>> call = new SenderContext<>(Map::put);
		call.setCarrier(headers);
		call.setName("http.client.requests");
		handler.onStart(call);
		handler.onStop(call);
		return headers;
	}

	@Configuration(proxyBeanMethods = false)
	static class MicrometerTracing {

		@Bean(destroyMethod = "close")
		Tracing braveTracing() {
			return Tracing.newBuilder().build();
		}

		@Bean
		Tracer tracer(Tracing braveTracing) {
			return new BraveTracer(braveTracing.tracer(), new BraveCurrentTraceContext(braveTracing.currentTraceContext()),
					new BraveBaggageManager());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoopTracer {

		@Bean
		Tracer tracer() {
			return Tracer.NOOP;
		}

	}

}
