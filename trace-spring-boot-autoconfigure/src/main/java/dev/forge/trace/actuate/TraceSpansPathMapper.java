package dev.forge.trace.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMapper;

/**
 * Serves the {@code tracespans} endpoint at {@code trace-spans}. Maps nothing when the
 * user maps the endpoint with {@code management.endpoints.web.path-mapping}, so that
 * mapping applies.
 */
public final class TraceSpansPathMapper implements PathMapper {

	private final boolean userMapped;

	/**
	 * Creates a mapper.
	 * @param userMapped whether the user maps the endpoint's path themselves
	 */
	public TraceSpansPathMapper(boolean userMapped) {
		this.userMapped = userMapped;
	}

	@Override
	public @Nullable String getRootPath(EndpointId endpointId) {
		return (!this.userMapped && TraceSpansEndpoint.ID.equals(endpointId.toString())) ? TraceSpansEndpoint.PATH
				: null;
	}

}
