package dev.forge.trace.autoconfigure;

import dev.forge.trace.TraceService;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the {@link TraceService}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "trace.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TraceProperties.class)
public final class TraceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceService traceService(TraceProperties properties) {
		return new TraceService(properties.toOptions());
	}

}
