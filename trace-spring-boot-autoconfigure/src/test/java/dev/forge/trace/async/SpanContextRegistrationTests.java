package dev.forge.trace.async;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The current span travels with Micrometer's context snapshots, and every scope a snapshot
 * opens is closed again, whatever was current on the thread.
 */
class SpanContextRegistrationTests {

	private final TraceService trace = new TraceService();

	private final ContextRegistry registry = new ContextRegistry();

	private final SpanContextRegistration registration = new SpanContextRegistration(this.trace, this.registry);

	private final ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder()
		.contextRegistry(this.registry)
		.clearMissing(true)
		.build();

	private final ExecutorService pool = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(10, TimeUnit.SECONDS);
		this.registration.destroy();
	}

	@Test
	void aContextExecutorServiceRunsTasksInTheSubmittersSpanAndLeavesThePoolThreadClean() throws Exception {
		ExecutorService executor = ContextExecutorService.wrap(this.pool, this.snapshots::captureAll);
		long request;
		try (TraceScope scope = this.trace.openScope("request", null)) {
			request = scope.id();
			executor.submit(() -> this.trace.end(this.trace.start("task"))).get();
		}
		assertThat(this.pool.submit(this.trace::currentSpanId).get()).isZero();
		List<SpanRecord> records = this.trace.flush();
		assertThat(records).filteredOn((record) -> record.name().equals("task"))
			.singleElement()
			.satisfies((task) -> assertThat(task.parentId()).isEqualTo(request));
	}

	@Test
	void springsContextPropagatingTaskDecoratorCarriesTheSpan() throws Exception {
		Runnable decorated;
		long request;
		long[] seen = new long[1];
		try (TraceScope scope = this.trace.openScope("request", null)) {
			request = scope.id();
			decorated = new ContextPropagatingTaskDecorator(this.snapshots)
				.decorate(() -> seen[0] = this.trace.currentSpanId());
		}
		this.pool.submit(decorated).get();
		assertThat(seen[0]).isEqualTo(request);
	}

	@Test
	void aSnapshotWithNoSpanLeavesTheThreadsSpansAsTheyAre() throws Exception {
		ContextSnapshot empty = this.snapshots.captureAll();
		try (TraceScope own = this.trace.openScope("own", null)) {
			try (ContextSnapshot.Scope scope = empty.setThreadLocals()) {
				// The observation restored beside it may have made this span current: kept.
				assertThat(this.trace.currentSpanId()).isEqualTo(own.id());
				try (TraceScope inner = this.trace.openScope("inner", null)) {
					assertThat(this.trace.currentSpanId()).isEqualTo(inner.id());
				}
			}
			assertThat(this.trace.currentSpanId()).isEqualTo(own.id());
		}
		assertThat(this.trace.currentSpanId()).isZero();
		// On a pool thread, with nothing current, the work starts its own trace.
		ExecutorService executor = ContextExecutorService.wrap(this.pool, () -> empty);
		executor.submit(() -> this.trace.end(this.trace.start("alone"))).get();
		assertThat(this.trace.flush()).filteredOn((record) -> record.name().equals("alone"))
			.singleElement()
			.satisfies((record) -> assertThat(record.parentId()).isZero());
	}

	@Test
	void nestedSnapshotsEachCloseWhatTheyOpened() {
		ContextSnapshot outer;
		ContextSnapshot inner;
		long outerId;
		long innerId;
		try (TraceScope a = this.trace.openScope("a", null)) {
			outerId = a.id();
			outer = this.snapshots.captureAll();
			try (TraceScope b = this.trace.openScope("b", null)) {
				innerId = b.id();
				inner = this.snapshots.captureAll();
			}
		}
		try (ContextSnapshot.Scope first = outer.setThreadLocals()) {
			try (ContextSnapshot.Scope second = inner.setThreadLocals()) {
				assertThat(this.trace.currentSpanId()).isEqualTo(innerId);
			}
			assertThat(this.trace.currentSpanId()).isEqualTo(outerId);
		}
		assertThat(this.trace.currentSpanId()).isZero();
	}

	@Test
	void aSpanRestoredOnTheThreadWhereItIsAlreadyCurrentLeavesNoScopeBehind() {
		try (TraceScope own = this.trace.openScope("own", null)) {
			ContextSnapshot snapshot = this.snapshots.captureAll();
			try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
				assertThat(this.trace.currentSpanId()).isEqualTo(own.id());
			}
			assertThat(this.trace.currentSpanId()).isEqualTo(own.id());
		}
		assertThat(this.trace.currentSpanId()).isZero();
	}

	@Test
	void closingTheContextRemovesTheAccessor() {
		assertThat(this.registry.getThreadLocalAccessors()).hasSize(1);
		this.registration.destroy();
		assertThat(this.registry.getThreadLocalAccessors()).isEmpty();
	}

}
