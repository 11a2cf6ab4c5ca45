package dev.forge.trace.aop;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;
import dev.forge.trace.autoconfigure.TraceAopAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import reactor.core.publisher.ConnectableFlux;
import reactor.core.publisher.Flux;
import reactor.core.publisher.GroupedFlux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Traced} methods nest: a synchronous traced call is the current span while it
 * runs. And tracing never changes what the caller sees, whatever the method returns.
 */
class TracedNestingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TraceAutoConfiguration.class, TraceAopAutoConfiguration.class))
		.withUserConfiguration(Beans.class);

	@Test
	void tracedBeansCalledFromATracedMethodAreItsChildren() {
		this.contextRunner.run((context) -> {
			TraceService trace = context.getBean(TraceService.class);
			context.getBean(Outer.class).handle();
			List<SpanRecord> spans = trace.flush();
			SpanRecord outer = find(spans, "Outer.handle");
			SpanRecord inner = find(spans, "Inner.work");
			SpanRecord byHand = find(spans, "byHand");
			assertThat(outer.parentId()).isZero();
			assertThat(inner.parentId()).isEqualTo(outer.id());
			assertThat(byHand.parentId()).isEqualTo(inner.id());
			assertThat(byHand.rootId()).isEqualTo(outer.id());
			assertThat(inner.rootId()).isEqualTo(outer.id());
			assertThat(trace.currentSpanId()).isZero();
		});
	}

	@Test
	void theCurrentSpanIsRestoredWhenATracedMethodThrows() {
		this.contextRunner.run((context) -> {
			TraceService trace = context.getBean(TraceService.class);
			assertThatIllegalStateException().isThrownBy(() -> context.getBean(Outer.class).failsInside());
			assertThat(trace.currentSpanId()).isZero();
			List<SpanRecord> spans = trace.flush();
			SpanRecord outer = find(spans, "Outer.failsInside");
			SpanRecord failing = find(spans, "Inner.fail");
			SpanRecord after = find(spans, "Inner.work");
			assertThat(failing.parentId()).isEqualTo(outer.id());
			// The sibling that ran after the failure hangs from the outer span, not the failed one.
			assertThat(after.parentId()).isEqualTo(outer.id());
		});
	}

	@Test
	void asyncSpansTakeTheirParentWhenTheyStartAndLeakNothingIntoOtherThreads() {
		this.contextRunner.run((context) -> {
			TraceService trace = context.getBean(TraceService.class);
			Outer outer = context.getBean(Outer.class);
			assertThat(outer.async().join()).isEqualTo("done");
			assertThat(outer.reactive().block()).isEqualTo("mono");
			// A future's span ends in its callback, which may run just after the caller saw the value.
			await().atMost(Duration.ofSeconds(5)).until(() -> trace.stats().active() == 0);
			List<SpanRecord> spans = trace.flush();
			SpanRecord asyncOuter = find(spans, "Outer.async");
			assertThat(find(spans, "Inner.later").parentId()).isEqualTo(asyncOuter.id());
			SpanRecord reactiveOuter = find(spans, "Outer.reactive");
			assertThat(find(spans, "Inner.mono").parentId()).isEqualTo(reactiveOuter.id());
			// The executor thread that completed the future has no current span left behind.
			assertThat(CompletableFuture.supplyAsync(trace::currentSpanId).join()).isZero();
		});
	}

	@Test
	void publishersThatCannotBeWrappedAreReturnedAsTheyAreWithASpanOfTheCall() {
		this.contextRunner.run((context) -> {
			TraceService trace = context.getBean(TraceService.class);
			Publishers publishers = context.getBean(Publishers.class);
			ConnectableFlux<Integer> connectable = publishers.connectable();
			assertThat(connectable).isInstanceOf(ConnectableFlux.class);
			GroupedFlux<Integer, Integer> grouped = publishers.grouped();
			assertThat(grouped.key()).isEqualTo(1);
			Publisher<String> own = publishers.own();
			assertThat(own).isInstanceOf(OwnPublisher.class);
			Publisher<String> mono = publishers.asPublisher();
			assertThat(Mono.from(mono).block()).isEqualTo("wrapped");
			assertThat(trace.flush()).extracting(SpanRecord::name)
				.contains("Publishers.connectable", "Publishers.grouped", "Publishers.own", "Publishers.asPublisher");
		});
	}

	@Test
	void capturingAnArgumentNeverIteratesIt(@TempDir Path directory) throws IOException {
		Files.writeString(directory.resolve("a.txt"), "a");
		Files.writeString(directory.resolve("b.txt"), "b");
		this.contextRunner.run((context) -> {
			TraceService trace = context.getBean(TraceService.class);
			Outer outer = context.getBean(Outer.class);
			try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
				assertThat(outer.count(stream)).isEqualTo(2);
			}
			SingleUse once = new SingleUse(List.of("x", "y", "z"));
			assertThat(outer.count(once)).isEqualTo(3);
			assertThat(outer.path(directory.resolve("a.txt"))).isEqualTo("a.txt");
			List<SpanRecord> spans = trace.flush();
			assertThat(spans.get(1).attributes().get("items").asString()).contains("not iterated");
			assertThat(spans.get(2).attributes().get("file").asString())
				.isEqualTo(directory.resolve("a.txt").toString());
		});
	}

	private static SpanRecord find(List<SpanRecord> spans, String name) {
		return spans.stream().filter((span) -> span.name().equals(name)).findFirst().orElseThrow();
	}

	static class Outer {

		private final Inner inner;

		private final TraceService trace;

		Outer(Inner inner, TraceService trace) {
			this.inner = inner;
			this.trace = trace;
		}

		@Traced
		public void handle() {
			this.inner.work(this.trace);
		}

		@Traced
		public void failsInside() {
			try {
				this.inner.fail();
			}
			finally {
				this.inner.work(null);
			}
		}

		@Traced
		public CompletableFuture<String> async() {
			return this.inner.later();
		}

		@Traced
		public Mono<String> reactive() {
			return Mono.defer(() -> this.inner.mono());
		}

		@Traced
		public int count(@TraceAttribute("items") Iterable<?> items) {
			int count = 0;
			for (Object item : items) {
				count++;
			}
			return count;
		}

		@Traced
		public String path(@TraceAttribute("file") Path file) {
			return file.getFileName().toString();
		}

	}

	static class Inner {

		@Traced
		public void work(TraceService trace) {
			if (trace != null) {
				trace.end(trace.start("byHand"));
			}
		}

		@Traced
		public void fail() {
			throw new IllegalStateException("inner failure");
		}

		@Traced
		public CompletableFuture<String> later() {
			return CompletableFuture.supplyAsync(() -> "done");
		}

		@Traced
		public Mono<String> mono() {
			return Mono.just("mono");
		}

	}

	static class Publishers {

		@Traced
		public ConnectableFlux<Integer> connectable() {
			return Flux.just(1, 2).publish();
		}

		@Traced
		public GroupedFlux<Integer, Integer> grouped() {
			return Flux.just(1).groupBy((i) -> i).blockFirst();
		}

		@Traced
		public Publisher<String> own() {
			return new OwnPublisher();
		}

		@Traced
		public Publisher<String> asPublisher() {
			return Mono.just("wrapped");
		}

	}

	static final class OwnPublisher implements Publisher<String> {

		@Override
		public void subscribe(Subscriber<? super String> subscriber) {
			Flux.just("own").subscribe(subscriber);
		}

	}

	/** An Iterable that can be iterated once, like a DirectoryStream. */
	static final class SingleUse implements Iterable<String> {

		private final List<String> items;

		private final AtomicBoolean used = new AtomicBoolean();

		SingleUse(List<String> items) {
			this.items = new ArrayList<>(items);
		}

		@Override
		public Iterator<String> iterator() {
			if (!this.used.compareAndSet(false, true)) {
				throw new IllegalStateException("already iterated");
			}
			return this.items.iterator();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		Inner inner() {
			return new Inner();
		}

		@Bean
		Outer outer(Inner inner, TraceService trace) {
			return new Outer(inner, trace);
		}

		@Bean
		Publishers publishers() {
			return new Publishers();
		}

	}

}
