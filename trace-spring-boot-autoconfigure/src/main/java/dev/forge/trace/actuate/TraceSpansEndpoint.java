package dev.forge.trace.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.forge.trace.ActiveSpanSnapshot;
import dev.forge.trace.SpanBatch;
import dev.forge.trace.OrphanRoot;
import dev.forge.trace.SpanNameStats;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.TraceStats;
import dev.forge.trace.export.ExporterStats;
import dev.forge.trace.format.ChromeTrace;
import dev.forge.trace.profile.ProfilerStats;
import dev.forge.trace.profile.TraceProfile;
import dev.forge.trace.profile.TraceProfiler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

/**
 * {@link Endpoint @Endpoint} that drains finished spans from the {@link TraceService}, and
 * offers views that do not drain: {@code active}, {@code stats}, {@code info},
 * {@code recent} and {@code kept}, and a page that shows them, {@code ui}. Served
 * at {@code /actuator/trace-spans}: the id has no dash, because Boot warns about dashed
 * ids, and {@link TraceSpansPathMapper} maps it to the dashed path.
 */
@Endpoint(id = TraceSpansEndpoint.ID)
public final class TraceSpansEndpoint {

	/** The endpoint id; {@code trace-spans} names it too in exposure properties. */
	public static final String ID = "tracespans";

	/** The path under the actuator base path. */
	public static final String PATH = "trace-spans";

	private static final MimeType JSON = MimeType.valueOf("application/json");

	private static final int DEFAULT_TRACES = 100;

	private static final int STATUS_NOT_ACCEPTABLE = 406;

	/** The {@code format} that drains as a Chrome trace. */
	public static final String CHROME_TRACE = "chrome-trace";

	private final TraceService trace;

	private final String processName;

	private final TraceSpansDelivery delivery;

	private final Supplier<List<ExporterStats>> exporters;

	private final Supplier<@Nullable TraceProfiler> profiler;

	/**
	 * Creates an endpoint over the given service that settles drains at once.
	 * @param trace the service
	 */
	public TraceSpansEndpoint(TraceService trace) {
		this(trace, "application", TraceSpansDelivery.IMMEDIATE);
	}

	/**
	 * Creates an endpoint.
	 * @param trace the service
	 * @param processName the process name in Chrome traces, such as the application's name
	 * @param delivery how drained batches are settled
	 */
	public TraceSpansEndpoint(TraceService trace, String processName, TraceSpansDelivery delivery) {
		this(trace, processName, delivery, List::of);
	}

	/**
	 * Creates an endpoint whose {@code stats} view also shows what each exporter did.
	 * @param trace the service
	 * @param processName the process name in Chrome traces, such as the application's name
	 * @param delivery how drained batches are settled
	 * @param exporters the exporters' statistics
	 */
	public TraceSpansEndpoint(TraceService trace, String processName, TraceSpansDelivery delivery,
			Supplier<List<ExporterStats>> exporters) {
		this(trace, processName, delivery, exporters, () -> null);
	}

	/**
	 * Creates an endpoint that also answers kept traces' profiles.
	 * @param trace the service
	 * @param processName the process name in Chrome traces, such as the application's name
	 * @param delivery how drained batches are settled
	 * @param exporters the exporters' statistics
	 * @param profiler the profiler, or {@code null} when profiles are off
	 */
	public TraceSpansEndpoint(TraceService trace, String processName, TraceSpansDelivery delivery,
			Supplier<List<ExporterStats>> exporters, Supplier<@Nullable TraceProfiler> profiler) {
		this.trace = trace;
		this.processName = processName;
		this.delivery = delivery;
		this.exporters = exporters;
		this.profiler = profiler;
	}

	/**
	 * Drains finished spans, oldest first: each is returned by exactly one call. An HTTP
	 * {@code HEAD} drains nothing.
	 * @param mediaType the media type asked for; as a mandatory parameter it also keeps
	 * the response cache off this operation
	 * @param limit the most spans to drain, a whole number of at least 1, or {@code null}
	 * for all
	 * @param format {@code null} or {@code json} for a JSON array of records,
	 * {@code chrome-trace} for a Chrome Trace Event Format object
	 * @return the drained spans
	 */
	@ReadOperation
	public Object spans(TraceSpansFormat mediaType, @Nullable String limit, @Nullable String format) {
		return spans(mediaType, limit, format, this.delivery);
	}

	/**
	 * Drains as {@link #spans(TraceSpansFormat, String, String)} does, settling the batch
	 * with the given delivery: the way a web extension drains for its own transport.
	 * @param mediaType the media type asked for
	 * @param limit the most spans to drain, or {@code null} for all
	 * @param format {@code json} or {@code chrome-trace}
	 * @param delivery how this drain's batch is settled
	 * @return the drained spans
	 */
	public Object spans(TraceSpansFormat mediaType, @Nullable String limit, @Nullable String format,
			TraceSpansDelivery delivery) {
		boolean chrome = chromeTrace(format);
		int most = limit(limit);
		List<SpanRecord> records = List.of();
		if (!delivery.withoutDrain()) {
			SpanBatch batch = this.trace.take(most);
			delivery.deliver(batch);
			records = batch.records();
		}
		return chrome ? new ChromeTrace(records, this.processName) : records;
	}

	private static int limit(@Nullable String limit) {
		if (limit == null) {
			return Integer.MAX_VALUE;
		}
		try {
			int value = Integer.parseInt(limit.trim());
			if (value >= 1) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below, like a limit below 1.
		}
		throw new InvalidEndpointRequestException("limit must be a whole number of at least 1, was '" + limit + "'",
				"limit must be a whole number of at least 1");
	}

	private static String name(String name) {
		if (name.isBlank()) {
			throw new InvalidEndpointRequestException("name must not be empty", "name must not be empty");
		}
		return name;
	}

	// Left out, a bound takes its default; given empty (?from=), it is refused like ?limit=.
	static double millis(String parameter, @Nullable String value, double otherwise) {
		if (value == null) {
			return otherwise;
		}
		try {
			double millis = Double.parseDouble(value.trim());
			if (millis >= 0 && Double.isFinite(millis)) {
				return millis;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new InvalidEndpointRequestException(parameter + " must be a number of milliseconds of at least 0, was '"
				+ value + "'", parameter + " must be a number of milliseconds of at least 0");
	}

	private static boolean chromeTrace(@Nullable String format) {
		if (format == null || format.equals("json")) {
			return false;
		}
		if (format.equals(CHROME_TRACE)) {
			return true;
		}
		throw new InvalidEndpointRequestException("format must be json or " + CHROME_TRACE + ", was '" + format + "'",
				"format must be json or " + CHROME_TRACE);
	}

	/**
	 * A view that does not drain, or the page.
	 * @param mediaType the type asked for: JSON whenever the request accepts it, and 406
	 * (for every view but the page) when it accepts only HTML
	 * @param view {@code active}, {@code stats}, {@code info}, {@code recent}, {@code kept}
	 * (the records of the kept traces, newest trace first), {@code traces} (summaries of
	 * the recent and kept local traces, newest first), {@code profiler} (what the profiler
	 * took in, kept and dropped, with {@code trace.profile.enabled}) or {@code ui} (the page)
	 * @param format for {@code recent} and {@code kept}: {@code json} (the default) or
	 * {@code chrome-trace}
	 * @param limit for {@code traces}: the most summaries, newest first (default 100)
	 * @param name for {@code traces}: only the traces with a span of this name whose
	 * duration is in {@code (from, to]} milliseconds, failed first, then longest first:
	 * example traces of a bar of the name's latency histogram
	 * @param from with {@code name}: the lower bound in milliseconds, exclusive (default 0)
	 * @param to with {@code name}: the upper bound in milliseconds, inclusive (default none)
	 * @param sort for {@code traces}: the order, {@code started_at} (newest first, the
	 * default), {@code duration_ms}, {@code spans}, {@code errors} (largest first) or
	 * {@code name}, any with {@code ,reversed} after it, over every trace held before the
	 * limit
	 * @param kept for {@code traces}: {@code true} for the kept traces only
	 * @param errors for {@code traces}: {@code true} for traces with a failed span only
	 * @param match for {@code traces}: only roots whose name contains this, ignoring case
	 * @param min_ms for {@code traces}: only roots that took at least this many milliseconds
	 * @return the view, or {@code null} (404) for another name
	 */
	@ReadOperation(produces = { "application/vnd.spring-boot.actuator.v3+json", "application/json", "text/html" })
	public @Nullable Object view(TraceSpansViewFormat mediaType, @Selector String view, @Nullable String format,
			@Nullable String limit, @Nullable String name, @Nullable String from, @Nullable String to,
			@Nullable String sort, @Nullable String kept, @Nullable String errors, @Nullable String match,
			@Nullable String min_ms) {
		if ("ui".equals(view)) {
			return TraceSpansPage.page();
		}
		Object body = viewBody(view, format, limit, name, from, to,
				"traces".equals(view) ? TraceFilter.of(sort, kept, errors, match, min_ms) : TraceFilter.NONE);
		if (body == null) {
			return null;
		}
		// The type is set on the answer: negotiating among the operation's types would pick
		// text/html for a browser's Accept header and fail to write JSON as HTML (a 500).
		return (mediaType != TraceSpansViewFormat.HTML)
				? new WebEndpointResponse<>(body, mediaType.getProducedMimeType())
				: new WebEndpointResponse<>(STATUS_NOT_ACCEPTABLE);
	}

	private @Nullable Object viewBody(String view, @Nullable String format, @Nullable String limit,
			@Nullable String name, @Nullable String from, @Nullable String to, TraceFilter filter) {
		return switch (view) {
			case "traces" -> (name != null)
					? TraceSummary.examples(this.trace.recent(), this.trace.keptTraces(), name(name),
							millis("from", from, 0), millis("to", to, Double.MAX_VALUE),
							(limit != null) ? limit(limit) : DEFAULT_TRACES)
					: TraceSummary.of(this.trace.recent(), this.trace.keptTraces(), filter,
							(limit != null) ? limit(limit) : DEFAULT_TRACES);
			case "active" -> new ActiveSpansDescriptor(this.trace.activeSpans());
			case "stats" -> new StatsDescriptor(this.trace.stats(), this.trace.statsByName(), this.exporters.get(),
					this.trace.orphanRoots(), profilerStats());
			case "info" -> this.trace.info();
			case "profiler" -> profilerStats();
			case "recent" -> chromeTrace(format) ? new ChromeTrace(this.trace.recent(), this.processName)
					: this.trace.recent();
			case "kept" -> chromeTrace(format) ? new ChromeTrace(keptRecords(), this.processName) : keptRecords();
			default -> null;
		};
	}

	private @Nullable ProfilerStats profilerStats() {
		TraceProfiler profiler = this.profiler.get();
		return (profiler != null) ? profiler.stats() : null;
	}

	/** The kept traces' records, newest trace first, each trace's records in start order. */
	private List<SpanRecord> keptRecords() {
		List<SpanRecord> records = new ArrayList<>();
		this.trace.keptTraces().forEach((kept) -> records.addAll(kept.records()));
		return records;
	}

	/**
	 * One local trace's records ({@code traces/{id}}), or a script or stylesheet of the
	 * page ({@code ui/app.js}, {@code ui/app.css}).
	 * @param view {@code traces} or {@code ui}
	 * @param item the trace's id (its root span's id), or the file's name
	 * @param format for a trace: {@code json} (the default) or {@code chrome-trace}
	 * @return the records in start order, in the reference shape, or the file; {@code null}
	 * (404) when there is no such trace or file
	 */
	@ReadOperation(produces = { "text/javascript", "text/css", "application/json" })
	public @Nullable Object item(@Selector String view, @Selector String item, @Nullable String format) {
		if ("ui".equals(view)) {
			return TraceSpansPage.file(item);
		}
		if ("traces".equals(view)) {
			long id;
			try {
				id = Long.parseUnsignedLong(item);
			}
			catch (NumberFormatException ex) {
				return null;
			}
			List<SpanRecord> records = TraceSummary.records(id, this.trace.recent(), this.trace.keptTraces());
			if (records.isEmpty()) {
				return null;
			}
			return new WebEndpointResponse<>(chromeTrace(format) ? new ChromeTrace(records, this.processName) : records,
					JSON);
		}
		return null;
	}

	/**
	 * A kept trace's profile ({@code traces/{id}/profile}, with {@code trace.profile.enabled}).
	 * @param view {@code traces}
	 * @param item the trace's root id, or its 32-hex trace id
	 * @param part {@code profile}
	 * @param format {@code json} (the default), or {@code collapsed} for folded stacks
	 * @return the profile; {@code null} (404) when the trace is not kept or profiles are off
	 */
	@ReadOperation(produces = { "application/json", "text/plain" })
	public @Nullable Object part(@Selector String view, @Selector String item, @Selector String part,
			@Nullable String format) {
		if (!"traces".equals(view) || !"profile".equals(part)) {
			return null;
		}
		boolean collapsed = "collapsed".equals(format);
		if (!collapsed && format != null && !format.equals("json")) {
			throw new InvalidEndpointRequestException("format must be json or collapsed, was '" + format + "'",
					"format must be json or collapsed");
		}
		TraceProfiler profiler = this.profiler.get();
		TraceProfile profile = (profiler != null) ? profiler.profile(item) : null;
		if (profile == null) {
			return null;
		}
		return collapsed ? new WebEndpointResponse<>(profile.collapsed(), MimeType.valueOf("text/plain"))
				: new WebEndpointResponse<>(profile, JSON);
	}

	/**
	 * Spans started and not yet ended.
	 *
	 * @param spans the spans, oldest first
	 */
	public record ActiveSpansDescriptor(List<ActiveSpanSnapshot> spans) implements OperationResponseBody {
	}

	/**
	 * The counters, per-name duration statistics, what each exporter did, and the roots that
	 * look like lost hand-overs.
	 *
	 * @param counters the counters
	 * @param names statistics per span name, most frequent first
	 * @param exporters per exporter: exported, dropped (by cause) and queued spans
	 * @param orphans internal roots with no parent, per name and kind of thread, most
	 * frequent first ({@link TraceService#orphanRoots()})
	 * @param profiler what the profiler took in, or {@code null} when profiles are off
	 */
	public record StatsDescriptor(TraceStats counters, List<SpanNameStats> names, List<ExporterStats> exporters,
			List<OrphanRoot> orphans, @Nullable ProfilerStats profiler) implements OperationResponseBody {
	}

}
