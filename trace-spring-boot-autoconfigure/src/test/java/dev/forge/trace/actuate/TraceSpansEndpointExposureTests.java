package dev.forge.trace.actuate;

import dev.forge.trace.TraceService;
import dev.forge.trace.autoconfigure.TraceAutoConfiguration;
import dev.forge.trace.autoconfigure.TraceSpansEndpointAutoConfiguration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint is exposed the Spring Boot way: only when named in the exposure property,
 * and subject to its access setting.
 */
class TraceSpansEndpointExposureTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TraceAutoConfiguration.class, TraceSpansEndpointAutoConfiguration.class));

	@Test
	void noEndpointBeanUnlessExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(TraceSpansEndpoint.class));
	}

	@Test
	void endpointBeanWhenExposedByItsDashedName() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=trace-spans")
			.run((context) -> assertThat(context).hasSingleBean(TraceSpansEndpoint.class)
				.hasSingleBean(TraceSpansPathMapper.class));
	}

	@Test
	void noEndpointBeanWhenAccessIsNone() {
		// A bare context has no lenient enum conversion; AccessNone below uses "none" in a real application.
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=trace-spans",
					"management.endpoint.trace-spans.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceSpansEndpoint.class));
	}

	@Test
	void noEndpointWithoutTraceService() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=trace-spans", "trace.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TraceSpansEndpoint.class));
	}

	@Nested
	@SpringBootTest(classes = TraceSpansTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class NotExposedByDefault {

		@LocalServerPort
		private int port;

		@Autowired
		private TraceService trace;

		@Test
		void answers404AndDrainsNothing() {
			this.trace.instant("kept");
			assertThat(new Http(this.port).get("/actuator/trace-spans").statusCode()).isEqualTo(404);
			assertThat(new Http(this.port).get("/actuator/trace-spans/ui", TraceSpansRecentWebTests.BROWSER_ACCEPT).statusCode()).isEqualTo(404);
			assertThat(new Http(this.port).get("/actuator/health").statusCode()).isEqualTo(200);
			assertThat(this.trace.flush()).hasSize(1);
		}

	}

	@Nested
	@SpringBootTest(classes = TraceSpansTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=trace-spans",
					"management.endpoint.trace-spans.access=none" })
	class AccessNone {

		@LocalServerPort
		private int port;

		@Test
		void answers404() {
			assertThat(new Http(this.port).get("/actuator/trace-spans").statusCode()).isEqualTo(404);
			assertThat(new Http(this.port).get("/actuator/trace-spans/ui", TraceSpansRecentWebTests.BROWSER_ACCEPT).statusCode()).isEqualTo(404);
		}

	}

	@Nested
	@SpringBootTest(classes = TraceSpansTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=trace-spans",
					"management.endpoints.web.path-mapping.trace-spans=spans" })
	class UserPathMapping {

		@LocalServerPort
		private int port;

		@Test
		void theUsersMappingWins() {
			assertThat(new Http(this.port).get("/actuator/spans").statusCode()).isEqualTo(200);
			assertThat(new Http(this.port).get("/actuator/trace-spans").statusCode()).isEqualTo(404);
			assertThat(new Http(this.port).get("/actuator/trace-spans/ui", TraceSpansRecentWebTests.BROWSER_ACCEPT).statusCode()).isEqualTo(404);
		}

	}

}
