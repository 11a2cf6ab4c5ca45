package dev.forge.trace.async;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The same {@code Mono} handler on Tomcat (Spring MVC subscribes to it on the request's
 * thread, where the request's span is current): with
 * {@code spring.reactor.context-propagation=auto}, the {@code @Traced} work on
 * {@code boundedElastic} nests under the request.
 */
@SpringBootTest(classes = ReactorAsyncTracingTests.ReactiveApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet", "spring.reactor.context-propagation=auto" })
class ServletReactorAsyncTracingTests extends ReactorAsyncTracingTests {

}
