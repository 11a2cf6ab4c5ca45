package dev.forge.trace.autoconfigure;

import dev.forge.trace.TraceService;
import dev.forge.trace.async.SpanContextRegistration;
import dev.forge.trace.async.TraceTaskDecorator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the trace across threads: a {@link TraceTaskDecorator} bean, which
 * Spring Boot applies to the executors and schedulers its builders make, and the current
 * span registered with Micrometer's context-propagation library when it is present.
 */
@AutoConfiguration(after = TraceAutoConfiguration.class,
		beforeName = { "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
				"org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration" })
@ConditionalOnFlag({ "trace.enabled", "trace.async.enabled" })
@ConditionalOnBean(TraceService.class)
public final class TraceAsyncAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceTaskDecorator traceTaskDecorator(TraceService traceService) {
		return new TraceTaskDecorator(traceService);
	}

	/** With Micrometer's context-propagation library, which Boot brings with Micrometer. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.context.ContextRegistry")
	static class ContextPropagationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SpanContextRegistration spanContextRegistration(TraceService traceService) {
			return new SpanContextRegistration(traceService);
		}

	}

}
