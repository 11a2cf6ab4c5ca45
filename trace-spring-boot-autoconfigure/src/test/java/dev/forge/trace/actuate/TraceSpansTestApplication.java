package dev.forge.trace.actuate;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * A web application with actuator and the starter's auto-configuration, for HTTP tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TraceSpansTestApplication {

}
