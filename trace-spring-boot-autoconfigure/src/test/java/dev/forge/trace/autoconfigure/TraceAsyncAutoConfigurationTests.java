package dev.forge.trace.autoconfigure;

import dev.forge.trace.TraceService;
import dev.forge.trace.async.SpanContextRegistration;
import dev.forge.trace.async.TraceTaskDecorator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task decorator that hands the current span over: there by default, applied by Boot
 * to its executor, and gone when turned off.
 */
class TraceAsyncAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceAsyncAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class));

	@Test
	void bootsApplicationTaskExecutorRunsTasksAsPartOfTheCurrentSpan() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TraceTaskDecorator.class).hasSingleBean(SpanContextRegistration.class);
			TraceService trace = context.getBean(TraceService.class);
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			long span;
			long seen;
			try (var scope = trace.openScope("request", null)) {
				span = scope.id();
				seen = executor.submit(trace::currentSpanId).get();
			}
			assertThat(seen).isEqualTo(span);
		});
	}

	@Test
	void turnedOffThereIsNoDecorator() {
		this.runner.withPropertyValues("trace.async.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceTaskDecorator.class)
				.doesNotHaveBean(SpanContextRegistration.class));
		this.runner.withPropertyValues("trace.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceTaskDecorator.class));
	}

	@Test
	void anApplicationsOwnTraceTaskDecoratorIsUsedInstead() {
		this.runner.withBean("mine", TraceTaskDecorator.class, () -> new TraceTaskDecorator(new TraceService()))
			.run((context) -> assertThat(context).getBeans(TaskDecorator.class).containsOnlyKeys("mine"));
	}

}
