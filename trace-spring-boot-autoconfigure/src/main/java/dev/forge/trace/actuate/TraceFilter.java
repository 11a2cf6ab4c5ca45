package dev.forge.trace.actuate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * What {@code /traces} lists of every local trace held (the recent window and the kept
 * traces), before its limit: only kept ones, only failed ones, roots whose name contains
 * some text or that took at least so long, ordered by a column. Applied on the server so
 * that the page's filters and sorting reach every trace held, not only the newest page.
 *
 * @param sort the order: {@code started_at} (newest first, the default),
 * {@code duration_ms}, {@code spans}, {@code errors} (largest first) or {@code name}
 * @param reversed the other way ({@code ,reversed} after the column in the request)
 * @param keptOnly only the kept traces
 * @param errorsOnly only traces with a failed span
 * @param match only roots whose name contains this, ignoring case; {@code null} for any
 * @param minMs only roots that took at least this long
 */
record TraceFilter(String sort, boolean reversed, boolean keptOnly, boolean errorsOnly, @Nullable String match,
		double minMs) {

	static final TraceFilter NONE = new TraceFilter("started_at", false, false, false, null, 0);

	private static final Map<String, Comparator<TraceSummary>> ORDERS = Map.of("started_at",
			Comparator.comparingLong(TraceSummary::startedAt).thenComparingLong(TraceSummary::id).reversed(),
			"duration_ms", Comparator.comparingDouble(TraceSummary::durationMs).reversed(), "spans",
			Comparator.comparingInt(TraceSummary::spans).reversed(), "errors",
			Comparator.comparingInt(TraceSummary::errors).reversed(), "name",
			Comparator.comparing(TraceSummary::name));

	/**
	 * The filter a request's parameters describe; 400 for a value it cannot take.
	 */
	static TraceFilter of(@Nullable String sort, @Nullable String kept, @Nullable String errors,
			@Nullable String match, @Nullable String minMs) {
		String order = (sort != null) ? sort : "started_at";
		boolean reversed = order.endsWith(",reversed");
		String column = reversed ? order.substring(0, order.length() - ",reversed".length()) : order;
		if (!ORDERS.containsKey(column)) {
			throw new InvalidEndpointRequestException("sort must be started_at, duration_ms, spans, errors or name,"
					+ " with ,reversed after it or not, was '" + sort + "'",
					"sort must be started_at, duration_ms, spans, errors or name");
		}
		return new TraceFilter(column, reversed, flag("kept", kept), flag("errors", errors),
				(match != null && !match.isBlank()) ? match.trim().toLowerCase(Locale.ROOT) : null,
				TraceSpansEndpoint.millis("min_ms", minMs, 0));
	}

	private static boolean flag(String parameter, @Nullable String value) {
		if (value == null || value.equals("false")) {
			return false;
		}
		if (value.equals("true")) {
			return true;
		}
		throw new InvalidEndpointRequestException(parameter + " must be true or false, was '" + value + "'",
				parameter + " must be true or false");
	}

	/** The summaries this filter keeps, in its order, at most {@code limit}. */
	List<TraceSummary> apply(List<TraceSummary> summaries, int limit) {
		List<TraceSummary> kept = new ArrayList<>();
		for (TraceSummary summary : summaries) {
			if ((!this.keptOnly || summary.kept()) && (!this.errorsOnly || summary.errors() > 0)
					&& summary.durationMs() >= this.minMs
					&& (this.match == null || summary.name().toLowerCase(Locale.ROOT).contains(this.match))) {
				kept.add(summary);
			}
		}
		Comparator<TraceSummary> order = ORDERS.get(this.sort);
		kept.sort(this.reversed ? order.reversed() : order);
		return (kept.size() > limit) ? List.copyOf(kept.subList(0, limit)) : kept;
	}

}
