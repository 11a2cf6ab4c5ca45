package dev.forge.trace.autoconfigure;

import dev.forge.trace.TraceService;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration for the {@link TraceService}. With {@code trace.enabled=false} the
 * service is still there, so code that traces by hand keeps running, but it records
 * nothing; the endpoint, metrics and {@code @Traced} support are off. An empty
 * {@code trace.*} value means the property's default ({@link EmptyValuesBindHandlerAdvisor}).
 */
@AutoConfiguration
@EnableConfigurationProperties(TraceProperties.class)
public final class TraceAutoConfiguration {

	/** The application's name, for Chrome traces and exporters: {@code spring.application.name}. */
	static String applicationName(Environment environment) {
		return environment.getProperty("spring.application.name", "application");
	}

	/** Static: it must be there when the properties are bound, before this class is made. */
	@Bean
	static EmptyValuesBindHandlerAdvisor traceEmptyValuesBindHandlerAdvisor() {
		return new EmptyValuesBindHandlerAdvisor();
	}

	@Bean
	@ConditionalOnMissingBean
	TraceService traceService(TraceProperties properties) {
		return new TraceService(properties.toOptions());
	}

	@Bean
	OrphanRootsCounting traceOrphanRootsCounting(TraceService traceService) {
		return new OrphanRootsCounting(traceService);
	}

}
