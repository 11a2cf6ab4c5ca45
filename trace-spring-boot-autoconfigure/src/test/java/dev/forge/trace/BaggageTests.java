package dev.forge.trace;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Baggage belongs to a local trace: set and read through the current span on any thread
 * the trace reaches, gone when its root ends, only for the fields carried, bounded.
 */
class BaggageTests {

	private final TraceService trace = new TraceService(TraceOptions.builder()
		.baggageFields(List.of("tenant", "region"))
		.baggageCorrelationFields(List.of("tenant"))
		.maxActiveSpans(20_000)
		.build());

	private final ExecutorService pool = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(10, TimeUnit.SECONDS);
	}

	@Test
	void aFieldSetInATraceIsReadByItsSpansOnOtherThreadsUntilTheRootEnds() throws Exception {
		try (TraceScope request = this.trace.openScope("request", null)) {
			this.trace.setBaggage("tenant", "acme");
			try (TraceScope inner = this.trace.openScope("inner", null)) {
				assertThat(this.trace.baggage("tenant")).isEqualTo("acme");
				assertThat(this.trace.baggage("region")).isNull();
			}
			assertThat(this.pool.submit(this.trace.wrap(() -> this.trace.baggage("tenant"))).get()).isEqualTo("acme");
			// Another trace does not see it.
			assertThat(this.pool.submit(() -> this.trace.inSpan("other", null, () -> this.trace.baggage("tenant")))
				.get()).isNull();
			this.trace.setBaggage("tenant", null);
			assertThat(this.trace.baggage("tenant")).isNull();
			this.trace.setBaggage("tenant", "globex");
		}
		assertThat(this.trace.baggage("tenant")).isNull();
		try (TraceScope next = this.trace.openScope("next", null)) {
			assertThat(this.trace.baggage("tenant")).isNull();
		}
	}

	@Test
	void badCallsFailClearly() {
		assertThatIllegalStateException().isThrownBy(() -> this.trace.setBaggage("tenant", "acme"))
			.withMessageContaining("No span is current");
		try (TraceScope request = this.trace.openScope("request", null)) {
			assertThatIllegalArgumentException().isThrownBy(() -> this.trace.setBaggage("user", "ada"))
				.withMessageContaining("trace.baggage.remote-fields");
			assertThatIllegalArgumentException().isThrownBy(() -> this.trace.setBaggage("tenant", "x".repeat(1025)))
				.withMessageContaining("1024");
			assertThat(this.trace.baggage("user")).isNull();
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TraceOptions.builder().baggageFields(List.of("not a key")).build());
		assertThatIllegalArgumentException().isThrownBy(() -> TraceOptions.builder()
			.baggageFields(List.of("tenant"))
			.baggageCorrelationFields(List.of("region"))
			.build()).withMessageContaining("region");
	}

	@Test
	void whatDoesNotFitIsNotKeptAndCounted() {
		try (TraceScope request = this.trace.openScope("request", null)) {
			this.trace.setBaggage("tenant", "t".repeat(1000));
			this.trace.setBaggage("region", "r".repeat(100));
			assertThat(this.trace.baggage("region")).isNull();
			assertThat(this.trace.stats().valuesNotCaptured()).isEqualTo(1);
		}
		// At most 10,000 traces with baggage at once.
		long[] roots = new long[10_001];
		for (int i = 0; i < roots.length; i++) {
			roots[i] = this.trace.startScoped("root-" + i, null);
			this.trace.setBaggage("tenant", "t" + i);
			this.trace.closeScope(roots[i]);
		}
		this.trace.enterScope(roots[10_000], roots[10_000]);
		assertThat(this.trace.baggage("tenant")).isNull();
		this.trace.closeScope(roots[10_000]);
		assertThat(this.trace.stats().valuesNotCaptured()).isEqualTo(2);
		for (long root : roots) {
			this.trace.end(root);
		}
		try (TraceScope request = this.trace.openScope("after", null)) {
			this.trace.setBaggage("tenant", "fits again");
			assertThat(this.trace.baggage("tenant")).isEqualTo("fits again");
		}
	}

	@Test
	void correlationFieldsAreInTheLinesLoggedAndWhatTheMdcHeldComesBack() {
		Logger logger = (Logger) LoggerFactory.getLogger("baggage-test");
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.start();
		logger.addAppender(lines);
		try {
			MDC.put("tenant", "before");
			try (TraceScope request = this.trace.openScope("request", null)) {
				logger.info("no baggage yet");
				this.trace.setBaggage("tenant", "acme");
				this.trace.setBaggage("region", "eu");
				logger.info("with baggage");
			}
			logger.info("after");
			assertThat(lines.list).extracting((line) -> line.getMDCPropertyMap().get("tenant"))
				.containsExactly("before", "acme", "before");
			// Only correlation fields go into the logs.
			assertThat(lines.list).allSatisfy((line) -> assertThat(line.getMDCPropertyMap()).doesNotContainKey("region"));
		}
		finally {
			logger.detachAppender(lines);
			MDC.remove("tenant");
		}
	}

	@Test
	void aDisabledTracerCarriesNothing() {
		TraceService disabled = new TraceService(
				TraceOptions.builder().enabled(false).baggageFields(List.of("tenant")).build());
		disabled.setBaggage("tenant", "acme");
		assertThat(disabled.baggage("tenant")).isNull();
	}

}
