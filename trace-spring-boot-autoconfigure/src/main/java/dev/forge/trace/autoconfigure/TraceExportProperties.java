package dev.forge.trace.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.forge.trace.export.ExportSampling;
import dev.forge.trace.export.ExportSettings;
import dev.forge.trace.export.file.FileSpanExporter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for exporting spans. Each exporter is off until configured; an
 * empty value leaves it off. The properties validate themselves when bound, so a value
 * that cannot work stops startup with Spring Boot's failure report.
 */
@ConfigurationProperties(prefix = "trace.export")
public class TraceExportProperties implements Validator {

	/**
	 * How often the drainer takes finished spans and hands them to the exporters.
	 */
	private Duration interval = Duration.ofSeconds(2);

	/**
	 * Maximum number of spans in one batch.
	 */
	private int maxBatch = 1000;

	/**
	 * Maximum number of spans each exporter holds waiting to be sent; past it batches are
	 * dropped and counted.
	 */
	private int maxQueuedSpans = 10_000;

	/**
	 * Maximum number of attempts at one batch when a failure is worth retrying
	 * (connection errors, timeouts, 429, 502, 503, 504).
	 */
	private int maxAttempts = 5;

	/**
	 * Longest wait between attempts, also when the backend asks for a longer Retry-After.
	 */
	private Duration maxBackoff = Duration.ofSeconds(30);

	/**
	 * Timeout of one send.
	 */
	private Duration timeout = Duration.ofSeconds(10);

	/**
	 * How long shutdown waits for the spans left to be sent.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	private final Zipkin zipkin = new Zipkin();

	private final Otlp otlp = new Otlp();

	private final Http http = new Http();

	private final File file = new File();

	private final Log log = new Log();

	private final Sampling sampling = new Sampling();

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public int getMaxBatch() {
		return this.maxBatch;
	}

	public void setMaxBatch(int maxBatch) {
		this.maxBatch = maxBatch;
	}

	public int getMaxQueuedSpans() {
		return this.maxQueuedSpans;
	}

	public void setMaxQueuedSpans(int maxQueuedSpans) {
		this.maxQueuedSpans = maxQueuedSpans;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Zipkin getZipkin() {
		return this.zipkin;
	}

	public Otlp getOtlp() {
		return this.otlp;
	}

	public Http getHttp() {
		return this.http;
	}

	public Sampling getSampling() {
		return this.sampling;
	}

	public File getFile() {
		return this.file;
	}

	public Log getLog() {
		return this.log;
	}

	@Override
	public boolean supports(Class<?> type) {
		return TraceExportProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		TraceExportProperties properties = (TraceExportProperties) target;
		PropertyChecks.positive(errors, "interval", properties.interval, "2s");
		PropertyChecks.positive(errors, "maxBackoff", properties.maxBackoff, "30s");
		PropertyChecks.positive(errors, "timeout", properties.timeout, "10s");
		PropertyChecks.positive(errors, "shutdownTimeout", properties.shutdownTimeout, "10s");
		PropertyChecks.atLeast(errors, "maxBatch", properties.maxBatch, 1);
		PropertyChecks.atLeast(errors, "maxQueuedSpans", properties.maxQueuedSpans, 1);
		PropertyChecks.atLeast(errors, "maxAttempts", properties.maxAttempts, 1);
		Zipkin zipkin = properties.zipkin;
		PropertyChecks.httpUrl(errors, "zipkin.endpoint", zipkin.endpoint, "http://localhost:9411/api/v2/spans");
		PropertyChecks.library(errors, "zipkin.endpoint", zipkin.endpoint, "zipkin2.codec.SpanBytesEncoder",
				"io.zipkin.reporter2:zipkin-reporter");
		Otlp otlp = properties.otlp;
		PropertyChecks.httpUrl(errors, "otlp.endpoint", otlp.endpoint, "http://localhost:4318/v1/traces");
		PropertyChecks.library(errors, "otlp.endpoint", otlp.endpoint,
				"io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter",
				"io.opentelemetry:opentelemetry-exporter-otlp");
		if (ClassUtils.isPresent("io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter", null)) {
			PropertyChecks.library(errors, "otlp.endpoint", otlp.endpoint,
					"io.opentelemetry.sdk.common.export.HttpSenderProvider",
					"OpenTelemetry 1.59 or later (Spring Boot 4.0 manages 1.55: import"
							+ " io.opentelemetry:opentelemetry-bom 1.59+ ahead of Boot's BOM)");
		}
		PropertyChecks.positive(errors, "otlp.timeout", otlp.timeout, "10s");
		if (!"gzip".equals(otlp.compression) && !"none".equals(otlp.compression)) {
			PropertyChecks.reject(errors, "otlp.compression", "must be gzip or none");
		}
		PropertyChecks.httpUrl(errors, "http.url", properties.http.url, "https://tracing.example.com/api/traces");
		PropertyChecks.atLeast(errors, "file.maxFileSize", properties.file.maxFileSize.toBytes(), 1);
		PropertyChecks.atLeast(errors, "file.maxFiles", properties.file.maxFiles, 0);
		Sampling sampling = properties.sampling;
		if (!(sampling.probability >= 0.0 && sampling.probability <= 1.0)) {
			PropertyChecks.reject(errors, "sampling.probability", "must be from 0.0 to 1.0");
		}
		if (sampling.maxPerSecond != null) {
			PropertyChecks.atLeast(errors, "sampling.maxPerSecond", sampling.maxPerSecond, 1);
		}
		PropertyChecks.positive(errors, "sampling.decisionWait", sampling.decisionWait, "10s");
	}

	ExportSampling toSampling() {
		return new ExportSampling(this.sampling.probability,
				(this.sampling.maxPerSecond != null) ? this.sampling.maxPerSecond : 0, this.sampling.decisionWait);
	}

	ExportSettings toSettings() {
		return new ExportSettings(this.interval, this.maxBatch, this.maxQueuedSpans, this.maxAttempts,
				Duration.ofMillis(200), this.maxBackoff, this.shutdownTimeout);
	}

	/**
	 * Zipkin v2 spans, posted to a Zipkin server or anything that speaks its API.
	 */
	public static class Zipkin {

		/**
		 * URL of the Zipkin span API, such as http://localhost:9411/api/v2/spans.
		 */
		private URI endpoint;

		/**
		 * How spans are encoded: JSON (Zipkin's v2 JSON, which every Zipkin-compatible
		 * receiver accepts) or PROTO3 (Zipkin's protobuf, about half the bytes).
		 */
		private ZipkinEncoding encoding = ZipkinEncoding.JSON;

		public URI getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(URI endpoint) {
			this.endpoint = endpoint;
		}

		public ZipkinEncoding getEncoding() {
			return this.encoding;
		}

		public void setEncoding(ZipkinEncoding encoding) {
			this.encoding = encoding;
		}

	}

	/**
	 * The encodings Zipkin's span API accepts.
	 */
	public enum ZipkinEncoding {

		/** Zipkin v2 JSON. */
		JSON,

		/** Zipkin's protobuf (proto3) encoding. */
		PROTO3

	}

	/**
	 * OTLP over HTTP, for OpenTelemetry Collectors, Jaeger and Grafana Tempo.
	 */
	public static class Otlp {

		/**
		 * URL of the OTLP/HTTP traces endpoint, such as http://localhost:4318/v1/traces.
		 */
		private URI endpoint;

		/**
		 * Headers sent with every export, such as an API key.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Compression of the requests: gzip or none.
		 */
		private String compression = "gzip";

		/**
		 * Timeout of one export; the shared trace.export.timeout when not set.
		 */
		private Duration timeout;

		public URI getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(URI endpoint) {
			this.endpoint = endpoint;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public String getCompression() {
			return this.compression;
		}

		public void setCompression(String compression) {
			this.compression = compression;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * The reference README's HTTP export: a POST of the JSON array of records.
	 */
	public static class Http {

		/**
		 * URL the records are posted to, as a JSON array in the reference shape.
		 */
		private URI url;

		/**
		 * Headers sent with every post, such as an Authorization header.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		public URI getUrl() {
			return this.url;
		}

		public void setUrl(URI url) {
			this.url = url;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

	}

	/**
	 * The reference README's file export, rolled by size.
	 */
	public static class File {

		/**
		 * File the records are appended to.
		 */
		private Path path;

		/**
		 * What the file holds: json-lines (one record a line) or chrome-trace.
		 */
		private FileSpanExporter.Format format = FileSpanExporter.Format.JSON_LINES;

		/**
		 * Size at which the file is rolled to <name>.1.
		 */
		private DataSize maxFileSize = DataSize.ofMegabytes(10);

		/**
		 * Number of rolled files kept besides the current one.
		 */
		private int maxFiles = 5;

		public Path getPath() {
			return this.path;
		}

		public void setPath(Path path) {
			this.path = path;
		}

		public FileSpanExporter.Format getFormat() {
			return this.format;
		}

		public void setFormat(FileSpanExporter.Format format) {
			this.format = format;
		}

		public DataSize getMaxFileSize() {
			return this.maxFileSize;
		}

		public void setMaxFileSize(DataSize maxFileSize) {
			this.maxFileSize = maxFileSize;
		}

		public int getMaxFiles() {
			return this.maxFiles;
		}

		public void setMaxFiles(int maxFiles) {
			this.maxFiles = maxFiles;
		}

	}

	/**
	 * Each span as one log event.
	 */
	public static class Log {

		/**
		 * Whether each span is logged at INFO on the logger dev.forge.trace.spans.
		 */
		private boolean enabled;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Tail sampling: which local traces are exported, decided when each root ends.
	 */
	public static class Sampling {

		/**
		 * Share of unremarkable local traces exported, from 0.0 to 1.0. Notable traces
		 * (failed, or whose root was slow, see trace.keep.*) are always exported whole.
		 */
		private double probability = 1.0;

		/**
		 * Maximum number of unremarkable local traces exported a second; unset for no cap.
		 */
		private Integer maxPerSecond;

		/**
		 * How long spans wait for their root to end before their trace is decided without it.
		 */
		private Duration decisionWait = Duration.ofSeconds(10);

		public double getProbability() {
			return this.probability;
		}

		public void setProbability(double probability) {
			this.probability = probability;
		}

		public Integer getMaxPerSecond() {
			return this.maxPerSecond;
		}

		public void setMaxPerSecond(Integer maxPerSecond) {
			this.maxPerSecond = maxPerSecond;
		}

		public Duration getDecisionWait() {
			return this.decisionWait;
		}

		public void setDecisionWait(Duration decisionWait) {
			this.decisionWait = decisionWait;
		}

	}

}
