package dev.forge.trace.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.forge.trace.TraceOptions;
import dev.forge.trace.observation.PropagationFormat;
import dev.forge.trace.profile.TraceProfile;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for trace-spring-boot-starter.
 */
@ConfigurationProperties(prefix = "trace")
public class TraceProperties implements Validator {

	private static final DataSize MIN_KEPT_SIZE = DataSize.ofKilobytes(1);

	/**
	 * Whether to record spans. When false, the TraceService bean records nothing and costs
	 * next to nothing (code that traces by hand keeps running), and @Traced support, the
	 * endpoint and the metrics are off.
	 */
	private boolean enabled = true;

	/**
	 * Maximum number of finished spans kept until a flush. When full, the oldest
	 * unremarkable span is evicted for each new one (counted as evicted); failed spans and
	 * the spans of failed or slow local traces go last.
	 */
	private int maxFinishedSpans = 10_000;

	/**
	 * Maximum number of spans started and not yet ended. When full, the eldest is evicted
	 * and counted as abandoned; ending it later throws SpanNotFoundException.
	 */
	private int maxActiveSpans = 10_000;

	/**
	 * Maximum length of a span name. Longer names are truncated, marked with a trailing
	 * ellipsis and counted.
	 */
	private int maxNameLength = 256;

	/**
	 * Maximum JSON size, in UTF-8 bytes, of one captured attributes or result value; keys,
	 * numbers, binary values and strings all count. Longer values are cut, marked and
	 * counted.
	 */
	private int maxValueLength = 4096;

	/**
	 * Maximum nesting depth of a captured value. Deeper parts are replaced by a marker and
	 * counted.
	 */
	private int maxValueDepth = 16;

	/**
	 * Words masked in addition to the defaults (password, secret, token, key, pin, session
	 * id and others; see the README). A value is masked as ****** when its key, ignoring
	 * case and separators, ends with one of them or has one as a word.
	 */
	private List<String> maskedKeys = new ArrayList<>();

	/**
	 * Maximum number of span names with their own duration statistics; the others share
	 * one "(other)" bucket.
	 */
	private int maxStatsNames = 100;

	/**
	 * Number of most recently finished spans that /actuator/trace-spans/recent and the page
	 * show without draining them; 0 turns the window off.
	 */
	private int recentSpans = 1000;

	private final Keep keep = new Keep();

	private final LogCorrelation logCorrelation = new LogCorrelation();

	private final Propagation propagation = new Propagation();

	private final Baggage baggage = new Baggage();

	private final Profile profile = new Profile();

	private final Annotations annotations = new Annotations();

	private final Async async = new Async();

	private final Aop aop = new Aop();

	private final Observations observations = new Observations();

	public Keep getKeep() {
		return this.keep;
	}

	public LogCorrelation getLogCorrelation() {
		return this.logCorrelation;
	}

	public Propagation getPropagation() {
		return this.propagation;
	}

	public Baggage getBaggage() {
		return this.baggage;
	}

	public Profile getProfile() {
		return this.profile;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxFinishedSpans() {
		return this.maxFinishedSpans;
	}

	public void setMaxFinishedSpans(int maxFinishedSpans) {
		this.maxFinishedSpans = maxFinishedSpans;
	}

	public int getMaxActiveSpans() {
		return this.maxActiveSpans;
	}

	public void setMaxActiveSpans(int maxActiveSpans) {
		this.maxActiveSpans = maxActiveSpans;
	}

	public int getMaxNameLength() {
		return this.maxNameLength;
	}

	public void setMaxNameLength(int maxNameLength) {
		this.maxNameLength = maxNameLength;
	}

	public int getMaxValueLength() {
		return this.maxValueLength;
	}

	public void setMaxValueLength(int maxValueLength) {
		this.maxValueLength = maxValueLength;
	}

	public int getMaxValueDepth() {
		return this.maxValueDepth;
	}

	public void setMaxValueDepth(int maxValueDepth) {
		this.maxValueDepth = maxValueDepth;
	}

	public int getMaxStatsNames() {
		return this.maxStatsNames;
	}

	public void setMaxStatsNames(int maxStatsNames) {
		this.maxStatsNames = maxStatsNames;
	}

	public int getRecentSpans() {
		return this.recentSpans;
	}

	public void setRecentSpans(int recentSpans) {
		this.recentSpans = recentSpans;
	}

	public List<String> getMaskedKeys() {
		return this.maskedKeys;
	}

	public void setMaskedKeys(List<String> maskedKeys) {
		this.maskedKeys = maskedKeys;
	}

	public Annotations getAnnotations() {
		return this.annotations;
	}

	public Async getAsync() {
		return this.async;
	}

	public Aop getAop() {
		return this.aop;
	}

	public Observations getObservations() {
		return this.observations;
	}

	@Override
	public boolean supports(Class<?> type) {
		return TraceProperties.class.isAssignableFrom(type);
	}

	/** Limits that cannot work stop startup with Spring Boot's failure report. */
	@Override
	public void validate(Object target, Errors errors) {
		TraceProperties properties = (TraceProperties) target;
		PropertyChecks.atLeast(errors, "maxFinishedSpans", properties.maxFinishedSpans, 1);
		PropertyChecks.atLeast(errors, "maxActiveSpans", properties.maxActiveSpans, 1);
		PropertyChecks.atLeast(errors, "maxNameLength", properties.maxNameLength, 1);
		PropertyChecks.atLeast(errors, "maxValueLength", properties.maxValueLength, 1);
		PropertyChecks.atLeast(errors, "maxValueDepth", properties.maxValueDepth, 1);
		PropertyChecks.atLeast(errors, "maxStatsNames", properties.maxStatsNames, 1);
		PropertyChecks.atLeast(errors, "recentSpans", properties.recentSpans, 0);
		// Empty leaves the threshold unset (the per-name percentile); 0 would make every
		// root slow and keep every trace, which is never what a threshold is for.
		PropertyChecks.positive(errors, "keep.slowThreshold", properties.keep.slowThreshold,
				"500ms (leave it out for the 99th percentile of each name)");
		PropertyChecks.atLeast(errors, "keep.errorsPerName", properties.keep.errorsPerName, 0);
		PropertyChecks.atLeast(errors, "keep.slowestPerName", properties.keep.slowestPerName, 0);
		PropertyChecks.atLeast(errors, "keep.maxTraces", properties.keep.maxTraces, 0);
		PropertyChecks.atLeast(errors, "keep.maxSpansPerTrace", properties.keep.maxSpansPerTrace, 1);
		keptSize(errors, properties.keep.maxSize);
		PropertyChecks.positive(errors, "keep.window", properties.keep.window, "10m");
		noneAlone(errors, "propagation.consume", properties.propagation.consume);
		noneAlone(errors, "propagation.produce", properties.propagation.produce);
		PropertyChecks.positive(errors, "profile.samplePeriod", properties.profile.samplePeriod, "20ms");
		if (properties.profile.waitThreshold != null && properties.profile.waitThreshold.isNegative()) {
			PropertyChecks.reject(errors, "profile.waitThreshold", "must not be negative, such as 10ms");
		}
		PropertyChecks.atLeast(errors, "profile.maxStacksPerTrace", properties.profile.maxStacksPerTrace, 1);
		for (String kind : properties.profile.waits) {
			if (!TraceProfile.WAIT_KINDS.contains(kind)) {
				PropertyChecks.reject(errors, "profile.waits", "must be among " + TraceProfile.WAIT_KINDS + ", was " + kind);
			}
		}
		properties.keep.slowThresholds.forEach((name, threshold) -> {
			if (threshold == null || threshold.isZero() || threshold.isNegative()) {
				// Named as it is written, brackets and all: a root name keeps its case.
				errors.rejectValue("keep.slowThresholds[" + name + "]", "invalid", errors.getObjectName()
						+ ".keep.slow-thresholds.[" + name + "] must be a positive duration, such as 500ms");
			}
		});
	}

	private static void noneAlone(Errors errors, String field, List<PropagationFormat> formats) {
		if (formats.contains(PropagationFormat.NONE) && formats.size() > 1) {
			PropertyChecks.reject(errors, field, "must be none alone, or formats without none, such as w3c,b3");
		}
	}

	// A bound on memory: at least room for one small trace, at most the heap this JVM may use.
	private static void keptSize(Errors errors, DataSize maxSize) {
		long heap = Runtime.getRuntime().maxMemory();
		if (maxSize.toBytes() < MIN_KEPT_SIZE.toBytes()) {
			PropertyChecks.reject(errors, "keep.maxSize",
					"must be at least 1KB (set trace.keep.max-traces=0 to keep no traces)");
		}
		else if (maxSize.toBytes() > heap) {
			PropertyChecks.reject(errors, "keep.maxSize", "must be at most the heap this JVM may use ("
					+ DataSize.ofBytes(heap).toMegabytes() + "MB here), such as 16MB");
		}
	}

	/**
	 * The options these properties describe.
	 * @return the options
	 * @throws IllegalArgumentException if a limit is below 1
	 */
	public TraceOptions toOptions() {
		return TraceOptions.builder()
			.enabled(this.enabled)
			.maxFinishedSpans(this.maxFinishedSpans)
			.maxActiveSpans(this.maxActiveSpans)
			.maxNameLength(this.maxNameLength)
			.maxValueLength(this.maxValueLength)
			.maxValueDepth(this.maxValueDepth)
			.maxStatsNames(this.maxStatsNames)
			.recentSpans(this.recentSpans)
			.slowThreshold(this.keep.slowThreshold)
			.slowThresholds(this.keep.slowThresholds)
			.keepErrorsPerName(this.keep.errorsPerName)
			.keepSlowestPerName(this.keep.slowestPerName)
			.keepWindow(this.keep.window)
			.keepMaxTraces(this.keep.maxTraces)
			.keepMaxSpansPerTrace(this.keep.maxSpansPerTrace)
			.keepMaxBytes(this.keep.maxSize.toBytes())
			.logCorrelation(this.logCorrelation.enabled)
			.baggageFields(this.baggage.remoteFields)
			.baggageCorrelationFields(this.baggage.correlationFields)
			.additionalMaskedKeys(this.maskedKeys)
			.build();
	}

	/**
	 * What is kept longest: the spans of notable local traces (failed, or whose root was
	 * slow), in the finished buffer and, copied whole, in the store of kept traces.
	 */
	public static class Keep {

		/**
		 * Duration past which a local root is slow, making its trace notable; positive. When
		 * unset (or empty), a root is slow past the 99th percentile of its name's recent
		 * roots, once there are 100 of them.
		 */
		private Duration slowThreshold;

		/**
		 * Slow thresholds for given root names, overriding slow-threshold, for example
		 * trace.keep.slow-thresholds.[http get /owners]=300ms.
		 */
		private Map<String, Duration> slowThresholds = new LinkedHashMap<>();

		/**
		 * Number of the latest failed traces kept per root name; 0 keeps failed traces only
		 * while they are in the finished buffer.
		 */
		private int errorsPerName = 5;

		/**
		 * Number of the slowest traces of the window kept per root name; 0 keeps slow traces
		 * only while they are in the finished buffer.
		 */
		private int slowestPerName = 5;

		/**
		 * How long a slow trace competes for its root name's slowest places.
		 */
		private Duration window = Duration.ofMinutes(10);

		/**
		 * Maximum number of kept traces in all; 0 turns the store of kept traces off.
		 */
		private int maxTraces = 200;

		/**
		 * Maximum number of records copied of one kept trace.
		 */
		private int maxSpansPerTrace = 200;

		/**
		 * Maximum size of the kept traces, estimated from their names and values; past it the
		 * oldest kept trace goes. From 1KB to the JVM's maximum heap.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(16);

		public int getErrorsPerName() {
			return this.errorsPerName;
		}

		public void setErrorsPerName(int errorsPerName) {
			this.errorsPerName = errorsPerName;
		}

		public int getSlowestPerName() {
			return this.slowestPerName;
		}

		public void setSlowestPerName(int slowestPerName) {
			this.slowestPerName = slowestPerName;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

		public int getMaxTraces() {
			return this.maxTraces;
		}

		public void setMaxTraces(int maxTraces) {
			this.maxTraces = maxTraces;
		}

		public int getMaxSpansPerTrace() {
			return this.maxSpansPerTrace;
		}

		public void setMaxSpansPerTrace(int maxSpansPerTrace) {
			this.maxSpansPerTrace = maxSpansPerTrace;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getSlowThreshold() {
			return this.slowThreshold;
		}

		public void setSlowThreshold(Duration slowThreshold) {
			this.slowThreshold = slowThreshold;
		}

		public Map<String, Duration> getSlowThresholds() {
			return this.slowThresholds;
		}

		public void setSlowThresholds(Map<String, Duration> slowThresholds) {
			this.slowThresholds = slowThresholds;
		}

	}

	/**
	 * Trace context across processes: read from incoming requests, written on outgoing
	 * calls, through Boot's observations.
	 */
	public static class Propagation {

		/**
		 * Whether trace context headers are read and written at all.
		 */
		private boolean enabled = true;

		/**
		 * Formats read from incoming requests: w3c, b3 (single header), b3-multi, or none
		 * to read no incoming context.
		 */
		// Unmodifiable defaults: the binder then binds a new list instead of clearing this
		// one, so an empty value can leave the default as it is.
		private List<PropagationFormat> consume = List.of(PropagationFormat.W3C, PropagationFormat.B3,
				PropagationFormat.B3_MULTI);

		/**
		 * Formats written on outgoing calls: w3c, b3 (single header), b3-multi, or none to
		 * write no headers.
		 */
		private List<PropagationFormat> produce = List.of(PropagationFormat.W3C);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<PropagationFormat> getConsume() {
			return this.consume;
		}

		public void setConsume(List<PropagationFormat> consume) {
			this.consume = consume;
		}

		public List<PropagationFormat> getProduce() {
			return this.produce;
		}

		public void setProduce(List<PropagationFormat> produce) {
			this.produce = produce;
		}

	}

	/**
	 * Profiles of kept traces from the JDK's flight recorder.
	 */
	public static class Profile {

		/**
		 * Whether kept traces carry a profile: CPU samples and waits on their spans' threads
		 * while they ran, and GC pauses that overlapped them, streamed in-process from the
		 * JDK's flight recorder.
		 */
		private boolean enabled = false;

		/**
		 * How often running threads are sampled; positive.
		 */
		private Duration samplePeriod = Duration.ofMillis(20);

		/**
		 * The shortest wait (sleep, park, monitor, socket or file) recorded.
		 */
		private Duration waitThreshold = Duration.ofMillis(10);

		/**
		 * The kinds of wait recorded: sleep, park, monitor-enter, monitor-wait, socket-read,
		 * socket-write, file-read, file-write (GC pauses always are).
		 */
		private List<String> waits = List.of("sleep", "park", "monitor-enter", "monitor-wait", "socket-read",
				"socket-write", "file-read", "file-write");

		/**
		 * The most distinct CPU stacks and waits kept for one trace; the rest are counted as
		 * dropped.
		 */
		private int maxStacksPerTrace = 200;

		/**
		 * The most memory the profiles of kept traces hold, roughly; the oldest go first.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(8);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getSamplePeriod() {
			return this.samplePeriod;
		}

		public void setSamplePeriod(Duration samplePeriod) {
			this.samplePeriod = samplePeriod;
		}

		public Duration getWaitThreshold() {
			return this.waitThreshold;
		}

		public void setWaitThreshold(Duration waitThreshold) {
			this.waitThreshold = waitThreshold;
		}

		public List<String> getWaits() {
			return this.waits;
		}

		public void setWaits(List<String> waits) {
			this.waits = waits;
		}

		public int getMaxStacksPerTrace() {
			return this.maxStacksPerTrace;
		}

		public void setMaxStacksPerTrace(int maxStacksPerTrace) {
			this.maxStacksPerTrace = maxStacksPerTrace;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * W3C baggage: fields a trace carries across processes, for an allow-list only.
	 */
	public static class Baggage {

		/**
		 * Baggage fields read from incoming requests and messages (the W3C baggage header),
		 * written on outgoing ones and settable with TraceService.setBaggage; every other
		 * member of the header is dropped, never forwarded. At most 32 fields.
		 */
		private List<String> remoteFields = List.of();

		/**
		 * Baggage fields that log lines carry under their own names (in SLF4J's MDC with
		 * Logback, in each event's context data with Log4j 2); each must be one of the
		 * remote fields.
		 */
		private List<String> correlationFields = List.of();

		public List<String> getRemoteFields() {
			return this.remoteFields;
		}

		public void setRemoteFields(List<String> remoteFields) {
			this.remoteFields = remoteFields;
		}

		public List<String> getCorrelationFields() {
			return this.correlationFields;
		}

		public void setCorrelationFields(List<String> correlationFields) {
			this.correlationFields = correlationFields;
		}

	}

	/**
	 * Trace and span ids in the logs.
	 */
	public static class LogCorrelation {

		/**
		 * Whether log lines written while a span is current carry traceId and spanId (in
		 * SLF4J's MDC with Logback, in each event's context data with Log4j 2), and Spring
		 * Boot's console and file patterns show them (logging.expect-correlation-id).
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	public static class Annotations {

		/**
		 * Whether methods annotated with @Traced, or of types annotated with it, are traced.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Work handed to other threads.
	 */
	public static class Async {

		/**
		 * Whether tasks handed to the executors and schedulers Spring Boot's builders make
		 * (@Async methods, applicationTaskExecutor, CompletableFuture stages on it) run as
		 * part of the span current where they were handed over, through a TaskDecorator
		 * bean composed with the application's own.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Spans from Micrometer observations.
	 */
	public static class Observations {

		/**
		 * Whether Micrometer observations (HTTP requests served and made, @Scheduled
		 * tasks, @Observed methods and the rest) become spans.
		 */
		private boolean enabled = true;

		/**
		 * Observations whose name starts with one of these (for example
		 * "spring.security.") do not become spans.
		 */
		private List<String> excludeNamePrefixes = new ArrayList<>();

		/**
		 * Whether requests to actuator endpoints become spans too. Off by default, so that
		 * polling /actuator/trace-spans does not fill the buffer with its own spans.
		 */
		private boolean includeActuator = false;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getExcludeNamePrefixes() {
			return this.excludeNamePrefixes;
		}

		public void setExcludeNamePrefixes(List<String> excludeNamePrefixes) {
			this.excludeNamePrefixes = excludeNamePrefixes;
		}

		public boolean isIncludeActuator() {
			return this.includeActuator;
		}

		public void setIncludeActuator(boolean includeActuator) {
			this.includeActuator = includeActuator;
		}

	}

	/**
	 * Placement of the tracing advisor.
	 */
	public static class Aop {

		/**
		 * Order of the tracing advisor among other advisors: lower runs further out. The
		 * default, 0, puts tracing outside @Transactional and @Cacheable (the span includes
		 * the commit); @Async always stays outermost.
		 */
		private int order = 0;

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

	}

}
