package dev.forge.trace.actuate;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The host guarantees on a servlet container (Tomcat).
 */
@SpringBootTest(classes = HostGuaranteesTests.HostApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=servlet",
				"management.endpoints.web.exposure.include=trace-spans,health" })
class ServletHostGuaranteesTests extends HostGuaranteesTests {

}
