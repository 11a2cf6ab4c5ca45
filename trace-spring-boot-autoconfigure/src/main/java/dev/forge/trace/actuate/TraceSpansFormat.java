package dev.forge.trace.actuate;

import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.util.MimeType;

/**
 * The media types the draining operation of {@link TraceSpansEndpoint} produces. Being a
 * mandatory parameter of that operation, it also keeps actuator's response cache away
 * from it (the cache only applies when every mandatory parameter is part of its key),
 * so a drained batch is never served twice, whatever {@code cache.time-to-live} says.
 */
public enum TraceSpansFormat implements Producible<TraceSpansFormat> {

	/** Spring Boot's actuator v3 JSON. */
	ACTUATOR_V3_JSON("application/vnd.spring-boot.actuator.v3+json"),

	/** Plain JSON, the default. */
	JSON("application/json");

	private final MimeType mimeType;

	TraceSpansFormat(String mimeType) {
		this.mimeType = MimeType.valueOf(mimeType);
	}

	@Override
	public MimeType getProducedMimeType() {
		return this.mimeType;
	}

	@Override
	public boolean isDefault() {
		return this == JSON;
	}

}
