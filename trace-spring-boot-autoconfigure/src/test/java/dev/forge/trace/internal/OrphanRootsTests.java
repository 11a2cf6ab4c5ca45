package dev.forge.trace.internal;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.OrphanRoot;
import dev.forge.trace.RemoteParent;
import dev.forge.trace.SpanKind;
import dev.forge.trace.TraceOptions;
import dev.forge.trace.TraceService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Internal roots that look like lost hand-overs are counted per name and kind of thread,
 * and nothing else is: not before the application is ready, not on the thread that started
 * it, not children, requests, messages, remote children or roots started on purpose.
 */
class OrphanRootsTests {

	private final TraceService trace = new TraceService(TraceOptions.builder().build());

	private final TraceEngine engine = ApiAccess.engineOf(this.trace);

	private final ExecutorService pool = Executors.newFixedThreadPool(2);

	private final ExecutorService other = Executors.newSingleThreadExecutor((task) -> new Thread(task, "sync-7"));

	@AfterEach
	void stop() throws InterruptedException {
		this.pool.shutdownNow();
		this.other.shutdownNow();
		this.pool.awaitTermination(10, TimeUnit.SECONDS);
		this.other.awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void nothingIsCountedBeforeTheApplicationIsReady() throws Exception {
		onPool(() -> this.trace.end(this.trace.start("startup.work")));
		assertThat(this.trace.orphanRoots()).isEmpty();
	}

	@Test
	void internalRootsOnOtherThreadsAreCountedPerNameAndKindOfThread() throws Exception {
		this.engine.countOrphanRoots(Thread.currentThread());
		for (int i = 0; i < 4; i++) {
			onPool(() -> this.trace.inSpan("report", null, () -> this.trace.inSpan("report.query", null, () -> null)));
		}
		this.other.submit(() -> this.trace.end(this.trace.start("sync"))).get();
		List<OrphanRoot> roots = this.trace.orphanRoots();
		assertThat(roots).extracting(OrphanRoot::name, OrphanRoot::threads, OrphanRoot::count)
			.containsExactly(tuple("report", "pool-#-thread-#", 4L),
					tuple("sync", "sync-#", 1L));
		OrphanRoot report = roots.get(0);
		assertThat(report.lastThread()).matches("pool-\\d+-thread-\\d+");
		assertThat(report.lastRootId()).isPositive();
		assertThat(report.lastStartedAt()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
	}

	@Test
	void requestsMessagesRemoteChildrenHandedOverWorkExpectedRootsAndTheStartersWorkAreNotCounted()
			throws Exception {
		this.engine.countOrphanRoots(Thread.currentThread());
		// The thread that started the application goes on with its own work.
		this.trace.end(this.trace.start("main.work"));
		onPool(() -> {
			this.trace.end(this.trace.start("http get /"), "http get /", null, null, SpanKind.SERVER);
			this.trace.end(this.trace.start("orders process"), "orders process", null, null, SpanKind.CONSUMER);
			RemoteParent parent = RemoteParent
				.fromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null);
			this.trace.end(this.trace.startRemoteChild("continued", null, parent));
			long scheduled = this.trace.start("ticker tick");
			this.engine.expectRoot(scheduled);
			this.trace.end(scheduled);
		});
		try (var request = this.trace.openScope("request", null)) {
			this.pool.submit(this.trace.wrap(() -> this.trace.end(this.trace.start("handed over")))).get();
		}
		assertThat(this.trace.orphanRoots()).isEmpty();
		// An expected root is expected once: the same name again, unmarked, counts.
		onPool(() -> this.trace.end(this.trace.start("ticker tick")));
		assertThat(this.trace.orphanRoots()).extracting(OrphanRoot::name).containsExactly("ticker tick");
	}

	@Test
	void theTableIsBoundedAndWhatIsPastItIsCountedInOneEntry() throws Exception {
		this.engine.countOrphanRoots(Thread.currentThread());
		onPool(() -> {
			for (int i = 0; i < 100; i++) {
				this.trace.end(this.trace.start("job-" + i));
			}
		});
		List<OrphanRoot> roots = this.trace.orphanRoots();
		assertThat(roots).hasSize(OrphanRoots.MAX_ENTRIES);
		assertThat(roots.get(0).name()).isEqualTo(OrphanRoots.OTHER_NAMES);
		assertThat(roots.get(0).count()).isEqualTo(100 - (OrphanRoots.MAX_ENTRIES - 1));
		assertThat(roots.stream().mapToLong(OrphanRoot::count).sum()).isEqualTo(100);
	}

	@Test
	void aThreadsNameBecomesItsPoolsPattern() {
		assertThat(OrphanRoots.threads("http-nio-8080-exec-12")).isEqualTo("http-nio-#-exec-#");
		assertThat(OrphanRoots.threads("ForkJoinPool.commonPool-worker-3")).isEqualTo("ForkJoinPool.commonPool-worker-#");
		assertThat(OrphanRoots.threads("reporter")).isEqualTo("reporter");
	}

	@Test
	void aDisabledTracerCountsNothing() throws Exception {
		TraceService disabled = new TraceService(TraceOptions.builder().enabled(false).build());
		ApiAccess.engineOf(disabled).countOrphanRoots(Thread.currentThread());
		onPool(() -> disabled.end(disabled.start("work")));
		assertThat(disabled.orphanRoots()).isEmpty();
	}

	private void onPool(Runnable work) throws Exception {
		this.pool.submit(work).get();
	}

}
