package dev.forge.trace.aop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import dev.forge.trace.autoconfigure.TraceAopAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where tracing sits among other advisors, as set by {@code trace.aop.order}.
 */
class TracedAdvisorOrderTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceAopAutoConfiguration.class));

	@Test
	void byDefaultTracingIsOutsideTheTransactionSoTheSpanIncludesTheCommit() {
		this.contextRunner.withUserConfiguration(TransactionalConfiguration.class).run((context) -> {
			context.getBean(TransactionalService.class).work();
			assertThat(context.getBean(RecordingTransactionManager.class).activeSpansAtCommit).containsExactly(1L);
			assertThat(context.getBean(TraceService.class).flush()).hasSize(1);
		});
	}

	@Test
	void aHighOrderPutsTracingInsideTheTransaction() {
		this.contextRunner.withUserConfiguration(TransactionalConfiguration.class)
			.withPropertyValues("trace.aop.order=" + Integer.MAX_VALUE)
			.run((context) -> {
				context.getBean(TransactionalService.class).work();
				assertThat(context.getBean(RecordingTransactionManager.class).activeSpansAtCommit).containsExactly(0L);
				assertThat(context.getBean(TraceService.class).flush()).hasSize(1);
			});
	}

	@Test
	void asyncStaysOutermostSoTheSpanMeasuresTheAsynchronousExecution() {
		this.contextRunner.withUserConfiguration(AsyncConfiguration.class)
			.withPropertyValues("trace.aop.order=" + Integer.MIN_VALUE)
			.run((context) -> {
				AsyncWorker worker = context.getBean(AsyncWorker.class);
				Advisor[] advisors = ((Advised) worker).getAdvisors();
				assertThat(advisors[0]).isInstanceOf(AsyncAnnotationAdvisor.class);
				assertThat(advisors[1]).isInstanceOf(TracedAnnotationAdvisor.class);
				String thread = worker.work().join();
				assertThat(thread).isNotEqualTo(Thread.currentThread().getName());
				assertThat(context.getBean(TraceService.class).flush()).extracting("name")
					.containsExactly("AsyncWorker.work");
			});
	}

	static class TransactionalService {

		@Traced
		@Transactional
		public void work() {
		}

	}

	static class AsyncWorker {

		@Traced
		@Async
		public CompletableFuture<String> work() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

	}

	/** Records how many spans are active when a transaction commits. */
	static class RecordingTransactionManager extends AbstractPlatformTransactionManager {

		private final ObjectProvider<TraceService> trace;

		final List<Long> activeSpansAtCommit = new ArrayList<>();

		RecordingTransactionManager(ObjectProvider<TraceService> trace) {
			this.trace = trace;
		}

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			this.activeSpansAtCommit.add(this.trace.getObject().stats().active());
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class TransactionalConfiguration {

		@Bean
		RecordingTransactionManager transactionManager(ObjectProvider<TraceService> trace) {
			return new RecordingTransactionManager(trace);
		}

		@Bean
		TransactionalService transactionalService() {
			return new TransactionalService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		AsyncWorker asyncWorker() {
			return new AsyncWorker();
		}

	}

}
