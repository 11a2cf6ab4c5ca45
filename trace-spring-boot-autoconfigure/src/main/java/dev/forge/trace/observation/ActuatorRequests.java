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
			return isUnder(request.getRequestURI(), request.getContextPath().length(), this.basePath);
		}
		return false;
	}

	static boolean isUnder(String path, String basePath) {
		return isUnder(path, 0, basePath);
	}

	/** Whether the path from {@code offset} on is the base path or under it; asked on every request, so no copies. */
	static boolean isUnder(String path, int offset, String basePath) {
		if (!path.startsWith(basePath, offset)) {
			return false;
		}
		int end = offset + basePath.length();
		return path.length() == end || path.charAt(end) == '/';
	}

}
