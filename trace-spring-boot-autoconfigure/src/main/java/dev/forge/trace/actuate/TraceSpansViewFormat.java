package dev.forge.trace.actuate;

import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.util.MimeType;

/**
 * What the non-draining views of {@link TraceSpansEndpoint} answer, chosen from the
 * request's {@code Accept} header: JSON whenever the header admits it (a browser's
 * {@code text/html,...,*}{@code /*;q=0.8} does), the page as HTML, and {@code 406} for a
 * JSON view where only HTML is acceptable. Boot picks the value of the highest ordinal
 * that an accepted type fits, so JSON wins over HTML when both fit.
 */
public enum TraceSpansViewFormat implements Producible<TraceSpansViewFormat> {

	/** HTML: only the page has it. */
	HTML("text/html"),

	/** Spring Boot's actuator v3 JSON. */
	ACTUATOR_V3_JSON("application/vnd.spring-boot.actuator.v3+json"),

	/** Plain JSON, the default (no {@code Accept}, or {@code *}{@code /*}). */
	JSON("application/json");

	private final MimeType mimeType;

	TraceSpansViewFormat(String mimeType) {
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
