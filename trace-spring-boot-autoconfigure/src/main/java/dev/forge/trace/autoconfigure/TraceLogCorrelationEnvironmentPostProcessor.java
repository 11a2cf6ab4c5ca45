package dev.forge.trace.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Tells Spring Boot's logging to expect correlation ids
 * ({@code logging.expect-correlation-id}), as it does when Micrometer Tracing is present,
 * so that its default console and file patterns show the trace and span ids the tracer
 * puts in the MDC. Added last, so the application's own setting wins; not added when
 * {@code trace.enabled} or {@code trace.log-correlation.enabled} is {@code false}.
 */
final class TraceLogCorrelationEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String EXPECT_CORRELATION_ID = "logging.expect-correlation-id";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean enabled = environment.getProperty("trace.enabled", Boolean.class, true)
				&& environment.getProperty("trace.log-correlation.enabled", Boolean.class, true);
		if (enabled && !environment.containsProperty(EXPECT_CORRELATION_ID)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("traceLogCorrelation", Map.of(EXPECT_CORRELATION_ID, true)));
		}
	}

}
