package dev.forge.trace.autoconfigure;

import dev.forge.trace.TraceService;
import dev.forge.trace.async.TraceTaskDecorator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the trace across threads: a {@link TraceTaskDecorator} bean, which
 * Spring Boot applies to the executors and schedulers its builders make.
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

}
