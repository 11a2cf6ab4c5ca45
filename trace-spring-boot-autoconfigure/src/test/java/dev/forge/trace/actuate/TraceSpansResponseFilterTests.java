package dev.forge.trace.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response filter watches requests under the actuator base path only, and gives the
 * page its security headers, behind a context path too.
 */
class TraceSpansResponseFilterTests {

	private final TraceSpansResponseFilter filter = new TraceSpansResponseFilter("/actuator");

	@Test
	void thePageBehindAContextPathGetsItsSecurityHeaders() throws Exception {
		MockHttpServletResponse response = filter("/shop", "/shop/actuator/trace-spans/ui");
		assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
	}

	@Test
	void requestsOutsideTheActuatorAreLeftAlone() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/shop/owners");
		request.setContextPath("/shop");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		assertThat(request.getAttribute(TraceSpansResponseFilter.WATCHED)).isNull();
		assertThat(response.getHeader("X-Frame-Options")).isNull();
	}

	@Test
	void otherActuatorEndpointsAreWatchedWithoutThePagesHeaders() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		assertThat(request.getAttribute(TraceSpansResponseFilter.WATCHED)).isEqualTo(Boolean.TRUE);
		assertThat(response.getHeader("X-Frame-Options")).isNull();
	}

	private MockHttpServletResponse filter(String contextPath, String uri) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
		request.setContextPath(contextPath);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request, response, new MockFilterChain());
		return response;
	}

}
