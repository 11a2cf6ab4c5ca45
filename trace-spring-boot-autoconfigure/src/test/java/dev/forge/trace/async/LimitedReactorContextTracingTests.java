package dev.forge.trace.async;

import dev.forge.trace.TraceService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * WebFlux with Boot's default {@code spring.reactor.context-propagation=limited}: thread
 * locals are not restored on other schedulers, but the Reactor context carries the
 * request's observation, so a {@code @Traced} method returning a {@code Mono} and
 * subscribed on {@code boundedElastic} still nests under the request.
 */
@SpringBootTest(classes = ReactorAsyncTracingTests.ReactiveApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
class LimitedReactorContextTracingTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Test
	void reactiveTracedMethodsTakeTheRequestFromTheReactorContext() throws Exception {
		ReactorAsyncTracingTests.assertChildrenOfTheRequest(this.trace, this.port, "/quotes", "Prices.quote");
	}

}
