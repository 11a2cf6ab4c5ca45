package dev.forge.trace.internal;

/**
 * The one rule for names too long to keep, span names and thread names alike.
 */
final class SpanNames {

	private SpanNames() {
	}

	/**
	 * A name within the limit: itself (the same instance) when it fits, otherwise its start
	 * and a trailing ellipsis, never splitting a surrogate pair.
	 * @param name the name
	 * @param max the most characters kept, ellipsis included
	 * @return the name to keep
	 */
	static String cut(String name, int max) {
		if (name.length() <= max) {
			return name;
		}
		int keep = max - 1;
		if (keep > 0 && Character.isHighSurrogate(name.charAt(keep - 1))) {
			keep--;
		}
		return name.substring(0, keep) + "\u2026";
	}

	/**
	 * A span name checked and within the limit.
	 * @param name the name
	 * @param max the most characters kept
	 * @return the name to keep ({@link #cut})
	 * @throws IllegalArgumentException if the name is null or blank
	 */
	static String checked(String name, int max) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("Span name must not be null or blank");
		}
		return cut(name, max);
	}

}
