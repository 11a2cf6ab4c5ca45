package dev.forge.trace.aop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.aop.TracedBeans.AsyncService;
import dev.forge.trace.aop.TracedBeans.Greeter;
import dev.forge.trace.aop.TracedBeans.MethodLevelService;
import dev.forge.trace.aop.TracedBeans.ReactiveService;
import dev.forge.trace.aop.TracedBeans.TypeLevelService;
import dev.forge.trace.aop.TracedBeans.UserRepository;
import dev.forge.trace.autoconfigure.TraceAopAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class TracedInterceptionTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceAopAutoConfiguration.class))
		.withUserConfiguration(TracedBeans.Beans.class);

	@Test
	void methodLevelSpanIsNamedAfterTheUserClassNotTheProxy() {
		run((context, trace) -> {
			MethodLevelService service = context.getBean(MethodLevelService.class);
			assertThat(AopUtils.isCglibProxy(service)).isTrue();
			assertThat(service.plain()).isEqualTo("plain");
			assertThat(trace.flush()).singleElement().satisfies((span) -> {
				assertThat(span.name()).isEqualTo("MethodLevelService.plain");
				assertThat(span.attributes()).isNull();
				assertThat(span.result()).isNull();
			});
		});
	}

	@Test
	void customNameIsUsed() {
		run((context, trace) -> {
			context.getBean(MethodLevelService.class).custom();
			assertThat(trace.flush()).extracting(SpanRecord::name).containsExactly("custom.name");
		});
	}

	@Test
	void annotatedArgumentsBecomeMaskedAttributesAndResultIsCapturedWhenAsked() {
		run((context, trace) -> {
			Map<String, Object> result = context.getBean(MethodLevelService.class)
				.withResult("ada", "hunter2", "ignored");
			assertThat(result).containsEntry("greeting", "hi ada");
			SpanRecord span = trace.flush().get(0);
			assertThat(span.attributes().toString()).isEqualTo("{\"user\":\"ada\",\"password\":\"******\"}");
			assertThat(span.result().toString()).isEqualTo("{\"greeting\":\"hi ada\"}");
		});
	}

	@Test
	void resultIsNotCapturedByDefault() {
		run((context, trace) -> {
			assertThat(context.getBean(MethodLevelService.class).resultNotCaptured()).isEqualTo("secret result");
			assertThat(trace.flush().get(0).result()).isNull();
		});
	}

	@Test
	void anExceptionIsRecordedAndTheSameInstanceRethrown() {
		run((context, trace) -> {
			IllegalStateException failure = new IllegalStateException("boom");
			Throwable thrown = catchThrowable(() -> context.getBean(MethodLevelService.class).fails(failure));
			assertThat(thrown).isSameAs(failure);
			assertThat(trace.flush().get(0).result().toString())
				.isEqualTo("{\"error\":\"boom\",\"exception\":\"java.lang.IllegalStateException\"}");
		});
	}

	@Test
	void anErrorIsRecordedAndTheSameInstanceRethrown() {
		run((context, trace) -> {
			StackOverflowError error = new StackOverflowError();
			Throwable thrown = catchThrowable(() -> context.getBean(MethodLevelService.class).failsWithError(error));
			assertThat(thrown).isSameAs(error);
			assertThat(trace.flush().get(0).result().toString()).isEqualTo(
					"{\"error\":\"java.lang.StackOverflowError\",\"exception\":\"java.lang.StackOverflowError\"}");
		});
	}

	@Test
	void typeLevelAnnotationTracesPublicMethodsOnly() {
		run((context, trace) -> {
			TypeLevelService service = context.getBean(TypeLevelService.class);
			service.first();
			service.second(7);
			assertThat(service.packagePrivate()).isEqualTo("not traced");
			assertThat(service.toString()).isEqualTo("TypeLevelService");
			List<SpanRecord> spans = trace.flush();
			assertThat(spans).extracting(SpanRecord::name)
				.containsExactly("TypeLevelService.first", "TypeLevelService.second");
			assertThat(spans.get(1).attributes().toString()).isEqualTo("{\"n\":7}");
		});
	}

	@Test
	void annotationsOnInterfaceMethodsAndParametersAreHonoured() {
		run((context, trace) -> {
			assertThat(context.getBean(Greeter.class).greet("Ada")).isEqualTo("Hello Ada");
			SpanRecord span = trace.flush().get(0);
			assertThat(span.name()).isEqualTo("GreeterImpl.greet");
			assertThat(span.attributes().toString()).isEqualTo("{\"who\":\"Ada\"}");
		});
	}

	@Test
	void annotationsOnSuperclassMethodsAreHonoured() {
		run((context, trace) -> {
			assertThat(context.getBean(UserRepository.class).count()).isEqualTo(3);
			SpanRecord span = trace.flush().get(0);
			assertThat(span.name()).isEqualTo("UserRepository.count");
			assertThat(span.result().asInt()).isEqualTo(3);
		});
	}

	@Test
	void selfInvocationThroughThisIsNotTraced() {
		run((context, trace) -> {
			MethodLevelService service = context.getBean(MethodLevelService.class);
			assertThat(service.callsItself()).isEqualTo("plain");
			assertThat(service.untraced()).isEqualTo("untraced");
			assertThat(trace.flush()).extracting(SpanRecord::name).containsExactly("MethodLevelService.callsItself");
		});
	}

	@Test
	void aCompletableFutureSpanEndsWhenItCompletes() {
		run((context, trace) -> {
			CompletableFuture<String> future = context.getBean(AsyncService.class).later(50);
			assertThat(trace.stats().active()).isEqualTo(1);
			assertThat(future.join()).isEqualTo("done");
			// The caller holds the bean's own future: the span ends in a callback of it, which
			// may run just after the caller saw the value.
			await().atMost(Duration.ofSeconds(5)).until(() -> trace.stats().active() == 0);
			SpanRecord span = trace.flush().get(0);
			assertThat(span.name()).isEqualTo("AsyncService.later");
			assertThat(span.durationMs()).isGreaterThanOrEqualTo(50.0);
			assertThat(span.result().asString()).isEqualTo("done");
		});
	}

	@Test
	void aFailedCompletableFutureRecordsTheUnwrappedCauseAndFailsTheSameWay() {
		run((context, trace) -> {
			IllegalArgumentException failure = new IllegalArgumentException("bad");
			CompletableFuture<String> future = context.getBean(AsyncService.class).failsLater(failure);
			assertThatExceptionOfType(CompletionException.class).isThrownBy(future::join).havingCause().isSameAs(failure);
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(future::get).havingCause().isSameAs(failure);
			await().atMost(Duration.ofSeconds(5)).until(() -> trace.stats().active() == 0);
			assertThat(trace.flush().get(0).result().toString())
				.isEqualTo("{\"error\":\"bad\",\"exception\":\"java.lang.IllegalArgumentException\"}");
		});
	}

	@Test
	void alreadyCompletedFuturesEndTheSpanBeforeReturning() {
		run((context, trace) -> {
			AsyncService service = context.getBean(AsyncService.class);
			IllegalStateException failure = new IllegalStateException("early");
			assertThat(service.alreadyDone().getNow("not yet")).isEqualTo("ready");
			CompletableFuture<String> failed = service.alreadyFailed(failure);
			assertThat(failed.isCompletedExceptionally()).isTrue();
			assertThat(failed.exceptionally((ex) -> (ex == failure) ? "same" : "different").join()).isEqualTo("same");
			List<SpanRecord> spans = trace.flush();
			assertThat(spans).hasSize(2);
			assertThat(spans.get(0).result().asString()).isEqualTo("ready");
			assertThat(spans.get(1).result().get("error").asString()).isEqualTo("early");
		});
	}

	@Test
	void cancellingTheReturnedFutureCancelsTheOriginalAndEndsTheSpan() {
		run((context, trace) -> {
			CompletableFuture<String> original = new CompletableFuture<>();
			CompletableFuture<String> returned = context.getBean(AsyncService.class).neverCompletes(original);
			assertThat(trace.stats().active()).isEqualTo(1);
			returned.cancel(true);
			assertThat(original.isCancelled()).isTrue();
			assertThat(trace.stats().active()).isZero();
			assertThat(trace.flush().get(0).result().get("cancelled").asBoolean()).isTrue();
		});
	}

	@Test
	void theCallerGetsTheBeansOwnFutureSoCompletingItActsAsWithoutTracing() {
		run((context, trace) -> {
			// The promise pattern: the bean hands out a future that the caller completes.
			CompletableFuture<String> promise = new CompletableFuture<>();
			CompletableFuture<String> returned = context.getBean(AsyncService.class).neverCompletes(promise);
			assertThat(returned).isSameAs(promise);
			returned.complete("by the caller");
			assertThat(promise.join()).isEqualTo("by the caller");
			assertThat(trace.stats().active()).isZero();
			assertThat(trace.flush()).hasSize(1);
			CompletableFuture<String> obtruded = new CompletableFuture<>();
			context.getBean(AsyncService.class).neverCompletes(obtruded).obtrudeValue("obtruded");
			assertThat(obtruded.join()).isEqualTo("obtruded");
			obtruded.completeExceptionally(new IllegalStateException("ignored, already complete"));
			assertThat(obtruded.join()).isEqualTo("obtruded");
		});
	}

	@Test
	void aStageTypeOfTheUsersOwnIsReturnedAsIsAndTheSpanEndsWhenItCompletes() {
		run((context, trace) -> {
			TracedBeans.OwnFuture future = new TracedBeans.OwnFuture();
			assertThat(context.getBean(AsyncService.class).ownFuture(future)).isSameAs(future);
			assertThat(trace.stats().active()).isEqualTo(1);
			future.complete("own");
			assertThat(trace.stats().active()).isZero();
			assertThat(trace.flush().get(0).result().asString()).isEqualTo("own");
		});
	}

	@Test
	void monoSpansStartOnSubscriptionAndEndOnceOnSuccessErrorOrCancel() {
		run((context, trace) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			var mono = service.mono();
			assertThat(trace.stats().started()).isZero();
			StepVerifier.create(mono).expectNext("value").verifyComplete();
			IllegalStateException failure = new IllegalStateException("mono failed");
			StepVerifier.create(service.monoError(failure)).expectErrorMatches((ex) -> ex == failure).verify();
			StepVerifier.create(service.monoNever()).thenCancel().verify();
			List<SpanRecord> spans = trace.flush();
			assertThat(spans).extracting(SpanRecord::name)
				.containsExactly("ReactiveService.mono", "ReactiveService.monoError", "ReactiveService.monoNever");
			assertThat(spans.get(0).result().asString()).isEqualTo("value");
			assertThat(spans.get(0).durationMs()).isGreaterThanOrEqualTo(20.0);
			assertThat(spans.get(1).result().get("error").asString()).isEqualTo("mono failed");
			assertThat(spans.get(2).result().toString()).isEqualTo("{\"cancelled\":true}");
			assertThat(trace.stats().active()).isZero();
		});
	}

	@Test
	void fluxSpansEndOnceOnCompleteErrorOrCancel() {
		run((context, trace) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			StepVerifier.create(service.flux()).expectNext(1, 2, 3, 4, 5).verifyComplete();
			IllegalStateException failure = new IllegalStateException("flux failed");
			StepVerifier.create(service.fluxError(failure)).expectNext(1).expectErrorMatches((ex) -> ex == failure)
				.verify();
			StepVerifier.create(service.fluxForever()).expectNextCount(3).thenCancel().verify();
			List<SpanRecord> spans = trace.flush();
			assertThat(spans).hasSize(3);
			assertThat(spans.get(0).result().toString()).isEqualTo("{\"count\":5}");
			assertThat(spans.get(1).result().get("exception").asString()).isEqualTo("java.lang.IllegalStateException");
			assertThat(spans.get(2).result().toString()).isEqualTo("{\"cancelled\":true}");
			assertThat(trace.stats().active()).isZero();
		});
	}

	@Test
	void eachSubscriptionIsItsOwnSpan() {
		run((context, trace) -> {
			var flux = context.getBean(ReactiveService.class).flux();
			flux.blockLast();
			flux.blockLast();
			assertThat(trace.flush()).hasSize(2);
		});
	}

	@Test
	void aValueThatCannotBeCapturedNeverChangesWhatTheCallerGets() {
		run((context, trace) -> {
			Object unserializable = new Object() {
				public String getBroken() {
					throw new IllegalStateException("getter");
				}
			};
			assertThat(context.getBean(MethodLevelService.class).returns(unserializable)).isSameAs(unserializable);
			assertThat(trace.flush().get(0).result().findValue("@dropped")).isNotNull();
			assertThat(trace.stats().valuesNotCaptured()).isEqualTo(1);
		});
	}

	@Test
	void anEvictedSpanNeverChangesWhatTheCallerGets() {
		this.contextRunner.withPropertyValues("trace.max-active-spans=1").run((context) -> {
			TraceService trace = context.getBean(TraceService.class);
			MethodLevelService service = context.getBean(MethodLevelService.class);
			long outer = trace.start("outer, evicted by the traced call");
			assertThat(service.plain()).isEqualTo("plain");
			assertThat(trace.stats().abandoned()).isEqualTo(1);
			assertThatExceptionOfType(dev.forge.trace.SpanNotFoundException.class).isThrownBy(() -> trace.end(outer));
			assertThat(trace.flush()).extracting(SpanRecord::name).containsExactly("MethodLevelService.plain");
		});
	}

	@Test
	void aFullBufferNeverChangesWhatTheCallerGets() {
		this.contextRunner.withPropertyValues("trace.max-finished-spans=1").run((context) -> {
			TraceService trace = context.getBean(TraceService.class);
			MethodLevelService service = context.getBean(MethodLevelService.class);
			IllegalStateException failure = new IllegalStateException("still thrown");
			for (int i = 0; i < 5; i++) {
				assertThat(service.plain()).isEqualTo("plain");
				assertThat(catchThrowable(() -> service.fails(failure))).isSameAs(failure);
			}
			// Each new record evicts the one held (a failed one only because nothing else is left).
			assertThat(trace.stats().evicted()).isEqualTo(9);
			assertThat(trace.stats().dropped()).isZero();
			assertThat(trace.flush()).singleElement()
				.satisfies((record) -> assertThat(record.name()).isEqualTo("MethodLevelService.fails"));
			assertThat(context.getBean(TracedAnnotationBeanPostProcessor.class).getAdvisor()
				.getInterceptor()
				.tracingFailures()).isZero();
		});
	}

	@Test
	void concurrentCallsFromManyThreadsAreEachRecordedOnce() {
		this.contextRunner.withPropertyValues("trace.max-finished-spans=20000").run((context) -> {
			TraceService trace = context.getBean(TraceService.class);
			Greeter greeter = context.getBean(Greeter.class);
			ExecutorService pool = Executors.newFixedThreadPool(8);
			try {
				List<Future<?>> futures = new ArrayList<>();
				for (int t = 0; t < 8; t++) {
					int thread = t;
					futures.add(pool.submit(() -> {
						for (int i = 0; i < 2_000; i++) {
							greeter.greet(thread + "-" + i);
						}
					}));
				}
				for (Future<?> future : futures) {
					future.get();
				}
			}
			finally {
				pool.shutdownNow();
			}
			List<SpanRecord> spans = trace.flush();
			Set<String> who = new HashSet<>();
			spans.forEach((span) -> who.add(span.attributes().get("who").asString()));
			assertThat(spans).hasSize(16_000);
			assertThat(who).hasSize(16_000);
			assertThat(trace.stats().active()).isZero();
		});
	}

	@Test
	void finalClassesAndRecordsDoNotStopTheApplicationAndAreNamedInOneWarningEach(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(TracedBeans.UnproxyableBeans.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TracedBeans.RecordService.class).work()).isEqualTo("record");
			context.getBean(TracedBeans.FinalService.class).work();
			assertThat(context.getBean(TraceService.class).flush()).isEmpty();
		});
		assertThat(output).containsOnlyOnce("Bean 'finalService' of type " + TracedBeans.FinalService.class.getName())
			.containsOnlyOnce("Bean 'recordService' of type " + TracedBeans.RecordService.class.getName());
	}

	@Test
	void annotationsCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("trace.annotations.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TracedAnnotationBeanPostProcessor.class);
			assertThat(AopUtils.isAopProxy(context.getBean(MethodLevelService.class))).isFalse();
			context.getBean(MethodLevelService.class).plain();
			assertThat(context.getBean(TraceService.class).flush()).isEmpty();
		});
	}

	private void run(ContextCallback callback) {
		this.contextRunner.run((context) -> callback.accept(context, context.getBean(TraceService.class)));
	}

	@FunctionalInterface
	interface ContextCallback {

		void accept(AssertableApplicationContext context, TraceService trace) throws Throwable;

	}

}
