package dev.forge.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.async.TraceTaskDecorator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work handed to another thread runs as part of the span current where it was handed
 * over, and leaves the running thread as it found it.
 */
class HandOverTests {

	private final TraceService trace = new TraceService(TraceOptions.builder().maxFinishedSpans(200_000).build());

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	@AfterEach
	void stop() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void aWrappedTaskStartsChildrenOfTheSubmittersSpanOnAnotherThread() throws Exception {
		long request;
		Future<?> done;
		try (TraceScope scope = this.trace.openScope("request", null)) {
			request = scope.id();
			done = this.pool.submit(this.trace.wrap(() -> this.trace.end(this.trace.start("task"))));
		}
		done.get(10, TimeUnit.SECONDS);
		List<SpanRecord> records = this.trace.flush();
		SpanRecord task = named(records, "task");
		SpanRecord root = named(records, "request");
		assertThat(task.parentId()).isEqualTo(request);
		assertThat(task.rootId()).isEqualTo(request);
		assertThat(task.traceId()).isEqualTo(root.traceId());
		assertThat(task.threadId()).isNotEqualTo(root.threadId());
	}

	@Test
	void onAThreadWithItsOwnSpanTheTaskTakesTheSubmittersAndTheThreadGetsItsOwnBackEvenWhenTheTaskThrows()
			throws Exception {
		Runnable failing;
		Callable<Long> current;
		long submitter;
		try (TraceScope scope = this.trace.openScope("submitter", null)) {
			submitter = scope.id();
			failing = this.trace.wrap((Runnable) () -> {
				throw new IllegalStateException("task failed");
			});
			current = this.trace.wrap(this.trace::currentSpanId);
		}
		ExecutorService runner = Executors.newSingleThreadExecutor();
		try {
			Future<Map<String, Object>> seen = runner.submit(() -> {
				try (TraceScope own = this.trace.openScope("runner's own", null)) {
					String ownTraceId = this.trace.currentTraceId();
					String ownMdcBefore = MDC.get("traceId");
					long duringTask = current.call();
					Throwable thrown = null;
					try {
						failing.run();
					}
					catch (IllegalStateException ex) {
						thrown = ex;
					}
					return Map.of("during", duringTask, "after", this.trace.currentSpanId(), "own", own.id(),
							"thrown", thrown, "traceAfter", ownTraceId.equals(this.trace.currentTraceId()),
							"mdcAfter", String.valueOf(MDC.get("traceId")), "mdcBefore", String.valueOf(ownMdcBefore));
				}
			});
			Map<String, Object> result = seen.get(10, TimeUnit.SECONDS);
			assertThat(result.get("during")).isEqualTo(submitter);
			assertThat(result.get("after")).isEqualTo(result.get("own"));
			assertThat(result.get("traceAfter")).isEqualTo(true);
			assertThat(result.get("thrown")).isInstanceOf(IllegalStateException.class);
			assertThat(result.get("mdcAfter")).isEqualTo(result.get("mdcBefore"));
		}
		finally {
			runner.shutdown();
		}
	}

	@Test
	void aTaskHandedOverOutsideAnySpanIsReturnedAsItIsAndStartsARoot() throws Exception {
		Runnable task = () -> this.trace.end(this.trace.start("alone"));
		assertThat(this.trace.wrap(task)).isSameAs(task);
		// A pool thread that ran request work first keeps nothing of it.
		try (TraceScope scope = this.trace.openScope("request", null)) {
			this.pool.submit(this.trace.wrap(() -> this.trace.end(this.trace.start("request work")))).get();
			this.pool.submit(this.trace.wrap(() -> this.trace.end(this.trace.start("request work")))).get();
		}
		this.pool.submit(this.trace.wrap(task)).get();
		this.pool.submit(this.trace.wrap(task)).get();
		assertThat(this.trace.flush()).filteredOn((record) -> record.name().equals("alone"))
			.hasSize(2)
			.allSatisfy((record) -> assertThat(record.parentId()).isZero());
	}

	@Test
	void aDisabledTracerReturnsTasksAsTheyAreAndItsExecutorsStillRunThem() throws Exception {
		TraceService disabled = new TraceService(TraceOptions.builder().enabled(false).build());
		Runnable task = () -> {
		};
		Callable<String> callable = () -> "done";
		assertThat(disabled.wrap(task)).isSameAs(task);
		assertThat(disabled.wrap(callable)).isSameAs(callable);
		assertThat(disabled.wrap(this.pool).submit(callable).get()).isEqualTo("done");
	}

	@Test
	void aWrappedExecutorServiceHandsOverEveryKindOfSubmission() throws Exception {
		ExecutorService wrapped = this.trace.wrap(this.pool);
		List<Long> parents = Collections.synchronizedList(new ArrayList<>());
		Callable<Long> parent = this.trace::currentSpanId;
		long request;
		try (TraceScope scope = this.trace.openScope("request", null)) {
			request = scope.id();
			parents.add(wrapped.submit(parent).get());
			wrapped.submit(() -> parents.add(this.trace.currentSpanId())).get();
			for (Future<Long> future : wrapped.invokeAll(List.of(parent, parent))) {
				parents.add(future.get());
			}
			parents.add(wrapped.invokeAny(List.of(parent)));
			Executor executor = this.trace.wrap((Executor) this.pool);
			parents.add(CompletableFuture.supplyAsync(this.trace::currentSpanId, executor)
				.thenApplyAsync((ignored) -> this.trace.currentSpanId(), executor)
				.get());
		}
		assertThat(parents).hasSize(6).containsOnly(request);
		wrapped.shutdown();
		assertThat(this.pool.isShutdown()).isTrue();
	}

	@Test
	void tenThousandRequestsEachFanningOutFourTasksGiveEveryTaskItsOwnRequestAsParent() throws Exception {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(4);
		executor.setTaskDecorator(new TraceTaskDecorator(this.trace));
		executor.initialize();
		ExecutorService requests = Executors.newFixedThreadPool(4);
		Map<Long, Long> expectedParent = new ConcurrentHashMap<>();
		try {
			List<Future<?>> all = new ArrayList<>();
			for (int i = 0; i < 10_000; i++) {
				all.add(requests.submit(() -> {
					List<Future<?>> tasks = new ArrayList<>(4);
					try (TraceScope request = this.trace.openScope("request", null)) {
						for (int t = 0; t < 4; t++) {
							tasks.add(executor.submit(() -> {
								long task = this.trace.start("task");
								expectedParent.put(task, this.trace.currentSpanId());
								this.trace.end(task);
							}));
						}
						for (Future<?> task : tasks) {
							task.get();
						}
					}
					return null;
				}));
			}
			for (Future<?> request : all) {
				request.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			requests.shutdown();
			executor.shutdown();
		}
		List<SpanRecord> records = this.trace.flush();
		Map<Long, SpanRecord> byId = new ConcurrentHashMap<>();
		records.forEach((record) -> byId.put(record.id(), record));
		List<SpanRecord> tasks = records.stream().filter((record) -> record.name().equals("task")).toList();
		assertThat(tasks).hasSize(40_000);
		assertThat(records).filteredOn((record) -> record.name().equals("request")).hasSize(10_000);
		Map<Long, Integer> tasksPerRequest = new ConcurrentHashMap<>();
		for (SpanRecord task : tasks) {
			SpanRecord parent = byId.get(task.parentId());
			assertThat(parent.name()).isEqualTo("request");
			assertThat(task.rootId()).isEqualTo(parent.id());
			assertThat(expectedParent.get(task.id())).isEqualTo(parent.id());
			tasksPerRequest.merge(parent.id(), 1, Integer::sum);
		}
		assertThat(tasksPerRequest).hasSize(10_000).allSatisfy((request, count) -> assertThat(count).isEqualTo(4));
		assertThat(this.trace.stats().dropped()).isZero();
	}

	private static SpanRecord named(List<SpanRecord> records, String name) {
		return records.stream().filter((record) -> record.name().equals(name)).findFirst().orElseThrow();
	}

}
