package dev.forge.trace.autoconfigure;

import java.util.Map;

import dev.forge.trace.TraceService;
import dev.forge.trace.actuate.TraceSpansEndpoint;
import dev.forge.trace.actuate.TraceSpansPathMapper;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link TraceSpansEndpoint}, when actuator is on the
 * classpath and the endpoint is available (exposed, and not switched off by
 * {@code management.endpoint.trace-spans.access}).
 */
@AutoConfiguration(after = TraceAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(TraceService.class)
@ConditionalOnAvailableEndpoint(TraceSpansEndpoint.class)
public final class TraceSpansEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceSpansEndpoint traceSpansEndpoint(TraceService traceService) {
		return new TraceSpansEndpoint(traceService);
	}

	@Bean
	@ConditionalOnMissingBean
	TraceSpansPathMapper traceSpansPathMapper(Environment environment) {
		Map<String, String> mappings = Binder.get(environment)
			.bind("management.endpoints.web.path-mapping", Bindable.mapOf(String.class, String.class))
			.orElse(Map.of());
		// Boot reads these keys with dashes removed, as we do.
		boolean userMapped = mappings.keySet()
			.stream()
			.anyMatch((key) -> key.replace("-", "").equals(TraceSpansEndpoint.ID));
		return new TraceSpansPathMapper(userMapped);
	}

}
