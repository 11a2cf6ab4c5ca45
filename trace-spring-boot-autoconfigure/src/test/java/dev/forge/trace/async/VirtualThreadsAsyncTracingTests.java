package dev.forge.trace.async;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * With {@code spring.threads.virtual.enabled=true}, Boot's {@code applicationTaskExecutor}
 * runs each task on a virtual thread, and {@code @Async} work still continues the trace.
 * Needs a JDK 21 or later: the {@code virtual-threads} surefire execution runs it on the
 * Temurin JDK beside the build's (see the pom), and {@code .ci/run} makes that mandatory;
 * on the build's JDK 17 it is skipped, saying so.
 */
@SpringBootTest(classes = VirtualThreadsAsyncTracingTests.VirtualApplication.class,
		webEnvironment = WebEnvironment.NONE, properties = "spring.threads.virtual.enabled=true")
class VirtualThreadsAsyncTracingTests {

	@Autowired
	private TraceService trace;

	@Autowired
	private Mailer mailer;

	@BeforeAll
	static void needsVirtualThreads() {
		boolean virtualThreads = Runtime.version().feature() >= 21;
		if (!virtualThreads) {
			System.err.println("VIRTUAL THREAD TESTS SKIPPED on " + Runtime.version() + ": they run in the"
					+ " virtual-threads surefire execution, on a JDK 21+ (-Pvirtual-threads"
					+ " -Dvirtual.threads.jvm=/path/to/jdk-21+/bin/java)");
		}
		assumeTrue(virtualThreads, "VIRTUAL THREAD TESTS SKIPPED: need a JDK 21 or later");
	}

	@Test
	void anAsyncTracedMethodOnAVirtualThreadIsAChildOfTheCallersSpan() throws Exception {
		this.trace.flush();
		long caller;
		CompletableFuture<Boolean> virtual;
		try (TraceScope scope = this.trace.openScope("checkout", null)) {
			caller = scope.id();
			virtual = this.mailer.send();
		}
		assertThat(virtual.get(10, TimeUnit.SECONDS)).isTrue();
		List<SpanRecord> records = this.trace.flush();
		SpanRecord send = records.stream().filter((record) -> record.name().equals("Mailer.send")).findFirst()
			.orElseThrow();
		SpanRecord checkout = records.stream().filter((record) -> record.name().equals("checkout")).findFirst()
			.orElseThrow();
		assertThat(send.parentId()).isEqualTo(caller);
		assertThat(send.traceId()).isEqualTo(checkout.traceId());
		assertThat(send.threadId()).isNotEqualTo(checkout.threadId());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@Import(Mailer.class)
	static class VirtualApplication {

	}

	static class Mailer {

		@Async
		@Traced
		public CompletableFuture<Boolean> send() throws ReflectiveOperationException {
			// Thread.isVirtual() is JDK 21 API; the tests compile for 17.
			boolean virtual = (boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
			return CompletableFuture.completedFuture(virtual);
		}

	}

}
