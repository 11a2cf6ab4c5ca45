package dev.forge.trace.actuate;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The host guarantees on WebFlux, on a real Reactor Netty server.
 */
@SpringBootTest(classes = HostGuaranteesTests.HostApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"management.endpoints.web.exposure.include=trace-spans,health" })
class ReactiveHostGuaranteesTests extends HostGuaranteesTests {

}
