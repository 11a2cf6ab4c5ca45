package dev.forge.trace.observation;

import java.util.function.Predicate;

import io.micrometer.observation.Observation;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Recognises observations of requests to actuator endpoints on WebFlux, as
 * {@link ActuatorRequests} does on a servlet container. Loaded only when Spring's reactive
 * observation support is on the classpath.
 */
final class ReactiveActuatorRequests implements Predicate<Observation.Context> {

	private final String basePath;

	ReactiveActuatorRequests(String basePath) {
		this.basePath = basePath;
	}

	@Override
	public boolean test(Observation.Context context) {
		if (context instanceof ServerRequestObservationContext server) {
			return ActuatorRequests.isUnder(server.getCarrier().getPath().pathWithinApplication().value(),
					this.basePath);
		}
		return false;
	}

}
