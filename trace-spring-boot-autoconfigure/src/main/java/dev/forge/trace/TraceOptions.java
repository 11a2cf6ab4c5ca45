package dev.forge.trace;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Limits and masking rules of a {@link TraceService}: the same options as the
 * {@code trace.*} configuration properties. Immutable; build one with {@link #builder()}.
 */
public final class TraceOptions {

	/**
	 * Words that make a key sensitive by default. The first group is matched anywhere in
	 * the key once case and separators are dropped ({@code passwordHash}, {@code JSESSIONID});
	 * the second as a word of the key, or two adjacent words joined, ignoring a plural or a
	 * trailing number ({@code apiKeyId}, {@code X-Session-Id}, {@code pin2}), so that
	 * {@code monkey} and {@code keyboard} stay visible.
	 */
	public static final List<String> DEFAULT_MASKED_KEYS = List.of("password", "passwd", "secret", "token",
			"credential", "authorization", "cookie", "sessionid", "apikey", "privatekey", "accesskey", "creditcard",
			"cardnumber", "key", "pass", "pw", "pwd", "pin", "otp", "ssn", "cvv", "cvc", "auth", "jwt", "bearer", "iban",
			"signature");

	private final boolean enabled;

	private final int maxFinishedSpans;

	private final int maxActiveSpans;

	private final int maxNameLength;

	private final int maxValueLength;

	private final int maxValueDepth;

	private final Set<String> maskedKeys;

	private final List<String> additionalMaskedKeys;

	private final int maxStatsNames;

	private final int recentSpans;

	private final Duration slowThreshold;

	private final int keepErrorsPerName;

	private final int keepSlowestPerName;

	private final int keepMaxTraces;

	private final int keepMaxSpansPerTrace;

	private final long keepMaxBytes;

	private final Duration keepWindow;

	private final boolean logCorrelation;

	private final List<String> baggageFields;

	private final List<String> baggageCorrelationFields;

	private final Map<String, Duration> slowThresholds;

	/** The most baggage fields a tracer carries. */
	public static final int MAX_BAGGAGE_FIELDS = 32;

	// A W3C baggage key: an HTTP token.
	private static final Pattern BAGGAGE_KEY = Pattern
		.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	private TraceOptions(Builder builder) {
		this.enabled = builder.enabled;
		this.additionalMaskedKeys = List.copyOf(builder.additionalMaskedKeys);
		this.maxFinishedSpans = positive("maxFinishedSpans", builder.maxFinishedSpans);
		this.maxActiveSpans = positive("maxActiveSpans", builder.maxActiveSpans);
		this.maxNameLength = positive("maxNameLength", builder.maxNameLength);
		this.maxValueLength = positive("maxValueLength", builder.maxValueLength);
		this.maxValueDepth = positive("maxValueDepth", builder.maxValueDepth);
		this.maxStatsNames = positive("maxStatsNames", builder.maxStatsNames);
		if (builder.recentSpans < 0) {
			throw new IllegalArgumentException("recentSpans must be at least 0, was " + builder.recentSpans);
		}
		this.recentSpans = builder.recentSpans;
		this.slowThreshold = notNegative("slowThreshold", builder.slowThreshold);
		builder.slowThresholds.forEach((name, threshold) -> notNegative("slowThresholds." + name, threshold));
		this.slowThresholds = Map.copyOf(builder.slowThresholds);
		this.keepErrorsPerName = notNegative("keepErrorsPerName", builder.keepErrorsPerName);
		this.keepSlowestPerName = notNegative("keepSlowestPerName", builder.keepSlowestPerName);
		this.keepMaxTraces = notNegative("keepMaxTraces", builder.keepMaxTraces);
		this.keepMaxSpansPerTrace = positive("keepMaxSpansPerTrace", builder.keepMaxSpansPerTrace);
		this.keepMaxBytes = notNegative("keepMaxBytes", builder.keepMaxBytes);
		this.keepWindow = notNegative("keepWindow", builder.keepWindow);
		this.logCorrelation = builder.logCorrelation;
		this.baggageFields = baggageFields(builder.baggageFields);
		this.baggageCorrelationFields = List.copyOf(builder.baggageCorrelationFields);
		for (String field : this.baggageCorrelationFields) {
			if (!this.baggageFields.contains(field)) {
				throw new IllegalArgumentException(
						"baggageCorrelationFields: " + field + " is not one of the baggage fields " + this.baggageFields);
			}
		}
		this.maskedKeys = Stream.concat(DEFAULT_MASKED_KEYS.stream(), builder.additionalMaskedKeys.stream())
			.map((key) -> key.trim().toLowerCase(Locale.ROOT))
			.filter((key) -> !key.isEmpty())
			.collect(Collectors.toUnmodifiableSet());
	}

	private static List<String> baggageFields(Collection<String> fields) {
		List<String> checked = fields.stream().distinct().toList();
		if (checked.size() > MAX_BAGGAGE_FIELDS) {
			throw new IllegalArgumentException(
					"baggageFields: at most " + MAX_BAGGAGE_FIELDS + " fields, was " + checked.size());
		}
		for (String field : checked) {
			if (!BAGGAGE_KEY.matcher(field).matches()) {
				throw new IllegalArgumentException("baggageFields: '" + field + "' is not a W3C baggage key");
			}
		}
		return checked;
	}

	private static long notNegative(String name, long value) {
		if (value < 0) {
			throw new IllegalArgumentException(name + " must be at least 0, was " + value);
		}
		return value;
	}

	private static int notNegative(String name, int value) {
		return (int) notNegative(name, (long) value);
	}

	private static Duration notNegative(String name, Duration value) {
		if (value != null && value.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
		return value;
	}

	private static int positive(String name, int value) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, was " + value);
		}
		return value;
	}

	/**
	 * The defaults: enabled, 10000 finished and 10000 active spans, names up to 256
	 * characters, captured values up to 4096 bytes of JSON and 16 levels deep, statistics for up to 100
	 * span names, the 1000 most recent records readable without draining, default masked keys.
	 * @return the default options
	 */
	public static TraceOptions defaults() {
		return builder().build();
	}

	/**
	 * A builder starting from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** @return whether spans are recorded; when false every method costs next to nothing and records nothing */
	public boolean enabled() {
		return this.enabled;
	}

	/** @return the words added to the default masked keys, as given */
	public List<String> additionalMaskedKeys() {
		return this.additionalMaskedKeys;
	}

	/** @return the most finished spans kept until a flush; newer ones are dropped and counted */
	public int maxFinishedSpans() {
		return this.maxFinishedSpans;
	}

	/** @return the most spans kept active; past it the oldest is evicted as abandoned */
	public int maxActiveSpans() {
		return this.maxActiveSpans;
	}

	/** @return the longest span name kept; longer names are truncated */
	public int maxNameLength() {
		return this.maxNameLength;
	}

	/** @return the UTF-8 bytes of JSON one captured value may take before it is cut */
	public int maxValueLength() {
		return this.maxValueLength;
	}

	/** @return the deepest nesting of a captured value */
	public int maxValueDepth() {
		return this.maxValueDepth;
	}

	/** @return the most span names with their own duration statistics; others share one bucket */
	public int maxStatsNames() {
		return this.maxStatsNames;
	}

	/** @return the most recently finished records kept for reading without draining; 0 for none */
	public int recentSpans() {
		return this.recentSpans;
	}

	/**
	 * @return the duration past which a local root is slow (and its trace notable), or
	 * {@code null} to compare each root with the 99th percentile of its name's recent roots
	 */
	public Duration slowThreshold() {
		return this.slowThreshold;
	}

	/** @return thresholds for given root names, overriding {@link #slowThreshold()} */
	public Map<String, Duration> slowThresholds() {
		return this.slowThresholds;
	}

	/** @return the latest failed traces kept per root name */
	public int keepErrorsPerName() {
		return this.keepErrorsPerName;
	}

	/** @return the slowest traces of the window kept per root name */
	public int keepSlowestPerName() {
		return this.keepSlowestPerName;
	}

	/** @return the most traces kept in all; 0 turns the store off */
	public int keepMaxTraces() {
		return this.keepMaxTraces;
	}

	/** @return the most records copied of one kept trace */
	public int keepMaxSpansPerTrace() {
		return this.keepMaxSpansPerTrace;
	}

	/** @return the most bytes (estimated) the kept traces hold */
	public long keepMaxBytes() {
		return this.keepMaxBytes;
	}

	/** @return how long a slow trace competes for its name's slowest places */
	public Duration keepWindow() {
		return this.keepWindow;
	}

	/**
	 * @return whether log lines written while a span is current carry {@code traceId} and
	 * {@code spanId}
	 */
	public boolean logCorrelation() {
		return this.logCorrelation;
	}

	/**
	 * @return the W3C baggage fields read from incoming requests and messages, written on
	 * outgoing ones and settable with {@link TraceService#setBaggage}; no other field is
	 * ever read or forwarded
	 */
	public List<String> baggageFields() {
		return this.baggageFields;
	}

	/** @return the baggage fields that log lines carry, under their own names */
	public List<String> baggageCorrelationFields() {
		return this.baggageCorrelationFields;
	}

	/** @return the default and added words, in lower case; see {@link #DEFAULT_MASKED_KEYS} */
	public Set<String> maskedKeys() {
		return this.maskedKeys;
	}

	/**
	 * Builds {@link TraceOptions}.
	 */
	public static final class Builder {

		private boolean enabled = true;

		private int maxFinishedSpans = 10_000;

		private int maxActiveSpans = 10_000;

		private int maxNameLength = 256;

		private int maxValueLength = 4096;

		private int maxValueDepth = 16;

		private int maxStatsNames = 100;

		private int recentSpans = 1000;

		private Collection<String> additionalMaskedKeys = List.of();

		private Duration slowThreshold;

		private Map<String, Duration> slowThresholds = Map.of();

		private int keepErrorsPerName = 5;

		private int keepSlowestPerName = 5;

		private int keepMaxTraces = 200;

		private int keepMaxSpansPerTrace = 200;

		private long keepMaxBytes = 16L * 1024 * 1024;

		private Duration keepWindow = Duration.ofMinutes(10);

		private boolean logCorrelation = true;

		private Collection<String> baggageFields = List.of();

		private Collection<String> baggageCorrelationFields = List.of();

		private Builder() {
		}

		/**
		 * @param enabled whether spans are recorded (default true)
		 * @return this builder
		 */
		public Builder enabled(boolean enabled) {
			this.enabled = enabled;
			return this;
		}

		/**
		 * @param maxFinishedSpans the most finished spans buffered until a flush (at least 1)
		 * @return this builder
		 */
		public Builder maxFinishedSpans(int maxFinishedSpans) {
			this.maxFinishedSpans = maxFinishedSpans;
			return this;
		}

		/**
		 * @param maxActiveSpans the most spans started and not yet ended (at least 1)
		 * @return this builder
		 */
		public Builder maxActiveSpans(int maxActiveSpans) {
			this.maxActiveSpans = maxActiveSpans;
			return this;
		}

		/**
		 * @param maxNameLength the longest span name kept (at least 1)
		 * @return this builder
		 */
		public Builder maxNameLength(int maxNameLength) {
			this.maxNameLength = maxNameLength;
			return this;
		}

		/**
		 * @param maxValueLength UTF-8 bytes of JSON one captured value may take before it is cut
		 * @return this builder
		 */
		public Builder maxValueLength(int maxValueLength) {
			this.maxValueLength = maxValueLength;
			return this;
		}

		/**
		 * @param maxValueDepth the deepest nesting of a captured value (at least 1)
		 * @return this builder
		 */
		public Builder maxValueDepth(int maxValueDepth) {
			this.maxValueDepth = maxValueDepth;
			return this;
		}

		/**
		 * @param maxStatsNames the most span names with their own statistics (at least 1)
		 * @return this builder
		 */
		public Builder maxStatsNames(int maxStatsNames) {
			this.maxStatsNames = maxStatsNames;
			return this;
		}

		/**
		 * @param recentSpans the most recently finished records kept for reading without
		 * draining (0 turns it off)
		 * @return this builder
		 */
		public Builder recentSpans(int recentSpans) {
			this.recentSpans = recentSpans;
			return this;
		}

		/**
		 * @param keys words masked in addition to {@link TraceOptions#DEFAULT_MASKED_KEYS}
		 * @return this builder
		 */
		public Builder additionalMaskedKeys(Collection<String> keys) {
			this.additionalMaskedKeys = List.copyOf(keys);
			return this;
		}

		/**
		 * @param slowThreshold the duration past which a local root is slow, or {@code null}
		 * (the default) to compare each root with the 99th percentile of its name's recent
		 * roots once there are 100
		 * @return this builder
		 */
		public Builder slowThreshold(Duration slowThreshold) {
			this.slowThreshold = slowThreshold;
			return this;
		}

		/**
		 * @param slowThresholds thresholds for given root names, overriding the others
		 * @return this builder
		 */
		public Builder slowThresholds(Map<String, Duration> slowThresholds) {
			this.slowThresholds = Map.copyOf(slowThresholds);
			return this;
		}

		/**
		 * @param keepErrorsPerName the latest failed traces kept per root name (default 5; at least 0)
		 * @return this builder
		 */
		public Builder keepErrorsPerName(int keepErrorsPerName) {
			this.keepErrorsPerName = keepErrorsPerName;
			return this;
		}

		/**
		 * @param keepSlowestPerName the slowest traces of the window kept per root name (default 5; at least 0)
		 * @return this builder
		 */
		public Builder keepSlowestPerName(int keepSlowestPerName) {
			this.keepSlowestPerName = keepSlowestPerName;
			return this;
		}

		/**
		 * @param keepMaxTraces the most traces kept in all; 0 turns the store off (default 200; at least 0)
		 * @return this builder
		 */
		public Builder keepMaxTraces(int keepMaxTraces) {
			this.keepMaxTraces = keepMaxTraces;
			return this;
		}

		/**
		 * @param keepMaxSpansPerTrace the most records copied of one kept trace (default 200; at least 1)
		 * @return this builder
		 */
		public Builder keepMaxSpansPerTrace(int keepMaxSpansPerTrace) {
			this.keepMaxSpansPerTrace = keepMaxSpansPerTrace;
			return this;
		}

		/**
		 * @param keepMaxBytes the most bytes (estimated) the kept traces hold (default 16 MB; at least 0)
		 * @return this builder
		 */
		public Builder keepMaxBytes(long keepMaxBytes) {
			this.keepMaxBytes = keepMaxBytes;
			return this;
		}

		/**
		 * @param keepWindow how long a slow trace competes for its name's slowest places (default 10 minutes)
		 * @return this builder
		 */
		public Builder keepWindow(Duration keepWindow) {
			this.keepWindow = keepWindow;
			return this;
		}

		/**
		 * @param logCorrelation whether log lines written while a span is current carry
		 * {@code traceId} and {@code spanId} (default true)
		 * @return this builder
		 */
		public Builder logCorrelation(boolean logCorrelation) {
			this.logCorrelation = logCorrelation;
			return this;
		}

		/**
		 * @param fields the W3C baggage fields carried (default none), at most
		 * {@value TraceOptions#MAX_BAGGAGE_FIELDS}, each a W3C baggage key
		 * @return this builder
		 */
		public Builder baggageFields(Collection<String> fields) {
			this.baggageFields = List.copyOf(fields);
			return this;
		}

		/**
		 * @param fields baggage fields that log lines carry (default none), each one of the
		 * {@link #baggageFields baggage fields}
		 * @return this builder
		 */
		public Builder baggageCorrelationFields(Collection<String> fields) {
			this.baggageCorrelationFields = List.copyOf(fields);
			return this;
		}

		/**
		 * @return the options
		 * @throws IllegalArgumentException if a limit is below 1, a threshold negative, or a
		 * baggage field not a W3C key (or a correlation field not a baggage field)
		 */
		public TraceOptions build() {
			return new TraceOptions(this);
		}

	}

}
