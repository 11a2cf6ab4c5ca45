package dev.forge.trace.autoconfigure;

import java.util.List;
import java.util.Map;

import dev.forge.trace.TraceService;
import dev.forge.trace.actuate.ReactiveTraceSpansFilter;
import dev.forge.trace.actuate.ServletTraceSpansDelivery;
import dev.forge.trace.actuate.TraceSpansDelivery;
import dev.forge.trace.actuate.TraceSpansEndpoint;
import dev.forge.trace.actuate.TraceSpansPathMapper;
import dev.forge.trace.actuate.TraceSpansReactiveWebExtension;
import dev.forge.trace.actuate.TraceSpansResponseFilter;
import dev.forge.trace.export.ExportDrainer;
import dev.forge.trace.profile.TraceProfiler;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link TraceSpansEndpoint}, when actuator is on the
 * classpath and the endpoint is available (exposed, and not switched off by
 * {@code management.endpoint.trace-spans.access}).
 */
@AutoConfiguration(after = TraceAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnFlag("trace.enabled")
@ConditionalOnBean(TraceService.class)
@ConditionalOnAvailableEndpoint(TraceSpansEndpoint.class)
public final class TraceSpansEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceSpansEndpoint traceSpansEndpoint(TraceService traceService, Environment environment,
			ObjectProvider<TraceSpansDelivery> delivery, ObjectProvider<ExportDrainer> drainer,
			ObjectProvider<TraceProfiler> profiler) {
		String processName = TraceAutoConfiguration.applicationName(environment);
		return new TraceSpansEndpoint(traceService, processName,
				delivery.getIfAvailable(() -> TraceSpansDelivery.IMMEDIATE), () -> {
					ExportDrainer exportDrainer = drainer.getIfAvailable();
					return (exportDrainer != null) ? exportDrainer.stats() : List.of();
				}, profiler::getIfAvailable);
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

	/**
	 * On WebFlux, a drain is settled once its exchange is done, {@code HEAD} drains
	 * nothing, and the page gets its security headers, as on a servlet container.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(name = { "org.springframework.web.server.WebFilter", "reactor.core.publisher.Mono" })
	static final class ReactiveDeliveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TraceSpansReactiveWebExtension traceSpansReactiveWebExtension(TraceSpansEndpoint endpoint) {
			return new TraceSpansReactiveWebExtension(endpoint);
		}

		@Bean
		@ConditionalOnMissingBean
		ReactiveTraceSpansFilter traceSpansWebFilter(Environment environment) {
			return new ReactiveTraceSpansFilter(
					environment.getProperty("management.endpoints.web.base-path", "/actuator"));
		}

	}

	/**
	 * On a servlet container, a drain is settled once its response is written.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.filter.OncePerRequestFilter")
	static final class ServletDeliveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TraceSpansDelivery traceSpansDelivery() {
			return new ServletTraceSpansDelivery();
		}

		@Bean
		@ConditionalOnMissingBean(name = "traceSpansResponseFilter")
		FilterRegistrationBean<TraceSpansResponseFilter> traceSpansResponseFilter(Environment environment) {
			String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
			FilterRegistrationBean<TraceSpansResponseFilter> registration = new FilterRegistrationBean<>(
					new TraceSpansResponseFilter(basePath));
			// Outermost, so it sees every byte the response writes, after security has had its say.
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

}
