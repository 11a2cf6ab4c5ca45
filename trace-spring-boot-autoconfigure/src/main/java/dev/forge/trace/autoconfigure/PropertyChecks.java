package dev.forge.trace.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.springframework.util.ClassUtils;
import org.springframework.validation.Errors;

/**
 * The checks the {@code trace.*} properties validate themselves with. Each rejection names
 * what is accepted; Spring Boot's failure report adds the property, its value and where it
 * was set.
 */
final class PropertyChecks {

	private PropertyChecks() {
	}

	static void positive(Errors errors, String field, Duration value, String example) {
		if (value != null && (value.isZero() || value.isNegative())) {
			reject(errors, field, "must be a positive duration, such as " + example);
		}
	}

	static void atLeast(Errors errors, String field, long value, long min) {
		if (value < min) {
			reject(errors, field, "must be at least " + min);
		}
	}

	/**
	 * Rejects a field with a reason that starts with the property as it is written
	 * ({@code trace.export.max-backoff}), as the report's own lines use the field's name.
	 */
	static void reject(Errors errors, String field, String reason) {
		StringBuilder property = new StringBuilder(errors.getObjectName()).append('.');
		for (char c : field.toCharArray()) {
			if (Character.isUpperCase(c)) {
				property.append('-').append(Character.toLowerCase(c));
			}
			else {
				property.append(c);
			}
		}
		errors.rejectValue(field, "invalid", property + " " + reason);
	}

	/** Empty means off; anything else must be an absolute http or https URL with a host. */
	static void httpUrl(Errors errors, String field, URI value, String example) {
		if (isEmpty(value)) {
			return;
		}
		String scheme = value.getScheme();
		if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || value.getHost() == null) {
			reject(errors, field, "must be an http or https URL with a host, such as " + example
					+ " (leave it empty to turn the exporter off)");
		}
	}

	static boolean isEmpty(Object value) {
		return value == null || value.toString().isBlank();
	}

	/** A destination that is set needs its library on the classpath. */
	static void library(Errors errors, String field, Object value, String className, String dependency) {
		if (!isEmpty(value) && !ClassUtils.isPresent(className, null)) {
			reject(errors, field, "needs " + dependency + " on the classpath (" + className
					+ " is missing): add the dependency, or leave the property empty");
		}
	}

}
