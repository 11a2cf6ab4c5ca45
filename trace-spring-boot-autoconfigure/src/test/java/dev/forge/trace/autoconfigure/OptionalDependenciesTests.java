package dev.forge.trace.autoconfigure;

import dev.forge.trace.TraceService;
import dev.forge.trace.actuate.TraceMetrics;
import dev.forge.trace.actuate.TraceSpansEndpoint;
import dev.forge.trace.aop.TracedAnnotationBeanPostProcessor;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator and Micrometer are optional: without them on the classpath the application
 * starts with TraceService and @Traced support, and nothing more.
 */
class OptionalDependenciesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceAopAutoConfiguration.class,
				TraceSpansEndpointAutoConfiguration.class, TraceMetricsAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=trace-spans");

	@Test
	void startsWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class)).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(TraceService.class)
				.hasSingleBean(TracedAnnotationBeanPostProcessor.class)
				.doesNotHaveBean(TraceSpansEndpoint.class);
		});
	}

	@Test
	void startsWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class)).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(TraceService.class).doesNotHaveBean(TraceMetrics.class);
		});
	}

	@Test
	void withBothTheEndpointAndTheMetricsAreConfigured() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TraceSpansEndpoint.class)
			.hasSingleBean(TraceMetrics.class));
	}

}
