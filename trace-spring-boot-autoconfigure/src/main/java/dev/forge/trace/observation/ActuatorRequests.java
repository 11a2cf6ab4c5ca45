package dev.forge.trace.observation;

import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Recognises observations of requests to actuator endpoints on a servlet container, so
 * that polling {@code /actuator/trace-spans} does not fill the buffer with its own spans.
 * Loaded only when Spring's servlet observation support is on the classpath.
 */
final class ActuatorRequests implements Predicate<Observation.Context> {

	private final String basePath;

	ActuatorRequests(String basePath) {
		this.basePath = basePath;
	}

	@Override
	public boolean test(Observation.Context context) {
		if (context instanceof ServerRequestObservationContext server) {
			HttpServletRequest request = server.getCarrier();
			String path = request.getRequestURI().substring(request.getContextPath().length());
			return isUnder(path, this.basePath);
		}
		return false;
	}

	static boolean isUnder(String path, String basePath) {
		return path.equals(basePath) || path.startsWith(basePath + "/");
	}

}
