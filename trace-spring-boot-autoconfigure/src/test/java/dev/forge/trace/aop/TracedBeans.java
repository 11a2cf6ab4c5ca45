package dev.forge.trace.aop;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Beans traced in {@link TracedInterceptionTests}, as a user would write them.
 */
final class TracedBeans {

	private TracedBeans() {
	}

	static class MethodLevelService {

		@Traced
		public String plain() {
			return "plain";
		}

		@Traced("custom.name")
		public void custom() {
		}

		@Traced(captureResult = true)
		public Map<String, Object> withResult(@TraceAttribute("user") String user, @TraceAttribute String password,
				String notAnAttribute) {
			return Map.of("greeting", "hi " + user);
		}

		@Traced
		public String resultNotCaptured() {
			return "secret result";
		}

		@Traced
		public void fails(RuntimeException ex) {
			throw ex;
		}

		@Traced
		public void failsWithError(Error error) {
			throw error;
		}

		@Traced
		public String callsItself() {
			return plain();
		}

		public String untraced() {
			return "untraced";
		}

		@Traced(captureResult = true)
		public Object returns(Object value) {
			return value;
		}

	}

	@Traced
	static class TypeLevelService {

		public String first() {
			return "first";
		}

		public String second(@TraceAttribute("n") int n) {
			return "second";
		}

		String packagePrivate() {
			return "not traced";
		}

		@Override
		public String toString() {
			return "TypeLevelService";
		}

	}

	interface Greeter {

		@Traced
		String greet(@TraceAttribute("who") String name);

	}

	static class GreeterImpl implements Greeter {

		@Override
		public String greet(String name) {
			return "Hello " + name;
		}

	}

	abstract static class BaseRepository {

		@Traced(captureResult = true)
		public abstract int count();

	}

	static class UserRepository extends BaseRepository {

		@Override
		public int count() {
			return 3;
		}

	}

	static class AsyncService {

		@Traced(captureResult = true)
		public CompletableFuture<String> later(long delayMillis) {
			return CompletableFuture.supplyAsync(() -> "done",
					CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
		}

		@Traced
		public CompletableFuture<String> failsLater(RuntimeException ex) {
			return CompletableFuture.supplyAsync(() -> {
				throw ex;
			});
		}

		@Traced(captureResult = true)
		public CompletableFuture<String> alreadyDone() {
			return CompletableFuture.completedFuture("ready");
		}

		@Traced
		public CompletableFuture<String> alreadyFailed(RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}

		@Traced
		public CompletableFuture<String> neverCompletes(CompletableFuture<String> original) {
			return original;
		}

		@Traced(captureResult = true)
		public OwnFuture ownFuture(OwnFuture future) {
			return future;
		}

	}

	/** A stage type of the user's own, which a plain CompletableFuture cannot stand in for. */
	static class OwnFuture extends CompletableFuture<String> {

	}

	static class ReactiveService {

		@Traced(captureResult = true)
		public Mono<String> mono() {
			return Mono.just("value").delayElement(Duration.ofMillis(20));
		}

		@Traced
		public Mono<String> monoError(RuntimeException ex) {
			return Mono.error(ex);
		}

		@Traced(captureResult = true)
		public Flux<Integer> flux() {
			return Flux.range(1, 5);
		}

		@Traced
		public Flux<Integer> fluxError(RuntimeException ex) {
			return Flux.concat(Flux.just(1), Flux.error(ex));
		}

		@Traced
		public Mono<String> monoNever() {
			return Mono.never();
		}

		@Traced
		public Flux<Long> fluxForever() {
			return Flux.interval(Duration.ofMillis(5));
		}

	}

	static final class FinalService {

		@Traced
		public void work() {
		}

	}

	record RecordService(String name) {

		@Traced
		public String work() {
			return this.name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		MethodLevelService methodLevelService() {
			return new MethodLevelService();
		}

		@Bean
		TypeLevelService typeLevelService() {
			return new TypeLevelService();
		}

		@Bean
		GreeterImpl greeter() {
			return new GreeterImpl();
		}

		@Bean
		UserRepository userRepository() {
			return new UserRepository();
		}

		@Bean
		AsyncService asyncService() {
			return new AsyncService();
		}

		@Bean
		ReactiveService reactiveService() {
			return new ReactiveService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnproxyableBeans {

		@Bean
		FinalService finalService() {
			return new FinalService();
		}

		@Bean
		RecordService recordService() {
			return new RecordService("record");
		}

	}

}
