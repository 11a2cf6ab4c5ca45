package dev.forge.trace.observation;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which servlet requests are actuator requests, behind a context path too: the base path
 * itself and what lies under it, never a path that merely begins with the same letters.
 */
class ActuatorRequestsTests {

	private final ActuatorRequests actuator = new ActuatorRequests("/actuator");

	@Test
	void theBasePathAndWhatLiesUnderItAreActuatorRequests() {
		assertThat(isActuator("", "/actuator")).isTrue();
		assertThat(isActuator("", "/actuator/trace-spans")).isTrue();
		assertThat(isActuator("", "/actuatorx")).isFalse();
		assertThat(isActuator("", "/owners/actuator")).isFalse();
	}

	@Test
	void theContextPathIsLookedPast() {
		assertThat(isActuator("/shop", "/shop/actuator/health")).isTrue();
		assertThat(isActuator("/shop", "/shop/actuator")).isTrue();
		assertThat(isActuator("/shop", "/shop/actuators")).isFalse();
		assertThat(isActuator("/shop", "/shop/owners")).isFalse();
	}

	private boolean isActuator(String contextPath, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		return this.actuator.test(new ServerRequestObservationContext(request, new MockHttpServletResponse()));
	}

}
