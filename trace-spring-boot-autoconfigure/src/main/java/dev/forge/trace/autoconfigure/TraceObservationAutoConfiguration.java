package dev.forge.trace.autoconfigure;

import java.util.Set;
import java.util.function.Predicate;

import dev.forge.trace.TraceService;
import dev.forge.trace.observation.HeaderPropagation;
import dev.forge.trace.observation.PropagationFormat;
import dev.forge.trace.observation.TraceObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
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

	private static boolean micrometerTracing(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = TraceObservationAutoConfiguration.class.getClassLoader();
		if (!ClassUtils.isPresent("io.micrometer.tracing.Tracer", classLoader)) {
			return false;
		}
		return beanFactory.getBeanNamesForType(ClassUtils.resolveClassName("io.micrometer.tracing.Tracer", classLoader),
				true, false).length > 0;
	}

}
