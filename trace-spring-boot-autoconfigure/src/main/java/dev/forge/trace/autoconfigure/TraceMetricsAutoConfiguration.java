package dev.forge.trace.autoconfigure;

import dev.forge.trace.TraceService;
import dev.forge.trace.actuate.ExportMetrics;
import dev.forge.trace.actuate.TraceMetrics;
import dev.forge.trace.aop.TracedAnnotationBeanPostProcessor;
import dev.forge.trace.export.ExportDrainer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link TraceMetrics} when Micrometer is on the classpath; Spring
 * Boot binds it to every {@code MeterRegistry}.
 */
@AutoConfiguration(after = { TraceAutoConfiguration.class, TraceAopAutoConfiguration.class,
		TraceExportAutoConfiguration.class })
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnFlag("trace.enabled")
@ConditionalOnBean(TraceService.class)
public final class TraceMetricsAutoConfiguration {

	@Bean
	@ConditionalOnBean(ExportDrainer.class)
	@ConditionalOnMissingBean
	ExportMetrics exportMetrics(ExportDrainer drainer) {
		return new ExportMetrics(drainer);
	}

	@Bean
	@ConditionalOnMissingBean
	TraceMetrics traceMetrics(TraceService traceService,
			ObjectProvider<TracedAnnotationBeanPostProcessor> tracedAnnotationBeanPostProcessor) {
		TracedAnnotationBeanPostProcessor postProcessor = tracedAnnotationBeanPostProcessor.getIfUnique();
		return new TraceMetrics(traceService,
				(postProcessor != null) ? postProcessor.getAdvisor().getInterceptor() : null);
	}

}
