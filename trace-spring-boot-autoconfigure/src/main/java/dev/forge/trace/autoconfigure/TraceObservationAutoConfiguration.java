package dev.forge.trace.autoconfigure;

import java.util.Set;
import java.util.function.Predicate;

import dev.forge.trace.TraceService;
import dev.forge.trace.observation.HeaderPropagation;
import dev.forge.trace.observation.PropagationFormat;
import dev.forge.trace.observation.TraceObservationHandler;
import dev.forge.trace.observation.ServletErrorScopes;
import io.micrometer.observation.Observation;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletListenerRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of spans from Micrometer observations: a {@link TraceObservationHandler}
 * bean, which Spring Boot registers with its {@code ObservationRegistry} beside its other
 * handlers.
 */
@AutoConfiguration(after = TraceAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.observation.ObservationHandler")
@ConditionalOnFlag({ "trace.enabled", "trace.observations.enabled" })
@ConditionalOnBean(TraceService.class)
public final class TraceObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceObservationHandler traceObservationHandler(TraceService traceService, TraceProperties properties,
			Environment environment, ListableBeanFactory beanFactory) {
		Predicate<Observation.Context> excluded = (context) -> false;
		if (!properties.getObservations().isIncludeActuator()) {
			excluded = TraceObservationHandler
				.actuatorRequests(environment.getProperty("management.endpoints.web.base-path", "/actuator"));
		}
		TraceProperties.Propagation propagation = properties.getPropagation();
		// Beside Micrometer Tracing, its handlers write the headers: ours would write them twice.
		Set<PropagationFormat> produce = micrometerTracing(beanFactory) ? Set.of()
				: Set.copyOf(propagation.getProduce());
		return new TraceObservationHandler(traceService, properties.getObservations().getExcludeNamePrefixes(),
				excluded, propagation.isEnabled() ? new HeaderPropagation(Set.copyOf(propagation.getConsume()), produce)
						: HeaderPropagation.NONE);
	}

	/**
	 * On a servlet container: a failing request's ids on the container's exception line
	 * and through its error dispatch.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.filter.ServerHttpObservationFilter")
	static class ServletErrorScopesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ServletErrorScopes traceServletErrorScopes(TraceService traceService) {
			return new ServletErrorScopes(traceService);
		}

		@Bean
		FilterRegistrationBean<ServletErrorScopes> traceServletErrorScopesFilter(ServletErrorScopes scopes) {
			FilterRegistrationBean<ServletErrorScopes> registration = new FilterRegistrationBean<>(scopes);
			// Outside Boot's observation filter (HIGHEST_PRECEDENCE + 1), which stops the span.
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
			return registration;
		}

		@Bean
		ServletListenerRegistrationBean<ServletErrorScopes> traceServletErrorScopesListener(
				ServletErrorScopes scopes) {
			return new ServletListenerRegistrationBean<>(scopes);
		}

	}

	/**
	 * Whether Micrometer Tracing records spans here, and so writes the headers itself. Its
	 * no-op tracer (what Boot gives when spring-boot-micrometer-tracing is there without a
	 * bridge) writes nothing, so beside it this tracer still does.
	 */
	private static boolean micrometerTracing(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = TraceObservationAutoConfiguration.class.getClassLoader();
		if (!ClassUtils.isPresent("io.micrometer.tracing.Tracer", classLoader)) {
			return false;
		}
		Class<?> tracerType = ClassUtils.resolveClassName("io.micrometer.tracing.Tracer", classLoader);
		Object noop;
		try {
			noop = tracerType.getField("NOOP").get(null);
		}
		catch (ReflectiveOperationException ex) {
			noop = null;
		}
		for (String name : beanFactory.getBeanNamesForType(tracerType, true, false)) {
			if (beanFactory.getBean(name) != noop) {
				return true;
			}
		}
		return false;
	}

}
