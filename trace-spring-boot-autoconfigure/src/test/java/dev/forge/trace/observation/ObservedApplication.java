package dev.forge.trace.observation;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.RestClient;

/**
 * A web application as a user writes it: controllers without {@code @Traced}, a traced
 * service, a RestClient from Boot's builder, a scheduled task, and an exception handler.
 * The controller and the handler are member classes, which Spring registers as beans.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
class ObservedApplication {

	@Bean
	ThingService thingService() {
		return new ThingService();
	}

	@Bean
	Ticker ticker() {
		return new Ticker();
	}

	static class ThingService {

		@Traced
		public Map<String, Object> find(@TraceAttribute("id") long id) {
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return Map.of("id", id, "name", "thing " + id);
		}

	}

	@RestController
	static class ThingController {

		private final ThingService things;

		private final RestClient.Builder builder;

		ThingController(ThingService things, RestClient.Builder builder) {
			this.things = things;
			this.builder = builder;
		}

		@GetMapping("/things/{id}")
		Map<String, Object> thing(@PathVariable long id, @RequestParam(required = false) String token) {
			return this.things.find(id);
		}

		@GetMapping("/relay/{id}")
		String relay(@PathVariable long id, @RequestParam int port) {
			return this.builder.baseUrl("http://localhost:" + port)
				.build()
				.get()
				.uri("/things/{id}", id)
				.retrieve()
				.body(String.class);
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/handled")
		String handled() {
			throw new UnavailableException("try later");
		}

		@GetMapping("/missing")
		String missing() {
			throw new NotFoundException("no such thing");
		}

	}

	static class UnavailableException extends RuntimeException {

		UnavailableException(String message) {
			super(message);
		}

	}

	static class NotFoundException extends RuntimeException {

		NotFoundException(String message) {
			super(message);
		}

	}

	@RestControllerAdvice
	static class Handler {

		@ExceptionHandler
		ResponseEntity<String> unavailable(UnavailableException ex) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(ex.getMessage());
		}

		@ExceptionHandler
		ResponseEntity<String> notFound(NotFoundException ex) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ex.getMessage());
		}

	}

	static class Ticker {

		final AtomicInteger ticks = new AtomicInteger();

		@Scheduled(fixedDelay = 50)
		void tick() {
			this.ticks.incrementAndGet();
		}

	}

}
