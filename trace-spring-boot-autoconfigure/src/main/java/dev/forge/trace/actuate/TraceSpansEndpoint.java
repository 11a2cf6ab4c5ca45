package dev.forge.trace.actuate;

import java.util.List;

import dev.forge.trace.ActiveSpanSnapshot;
import dev.forge.trace.SpanNameStats;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import dev.forge.trace.TraceStats;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that drains finished spans from the {@link TraceService}, and
 * offers views that do not drain: {@code active}, {@code stats} and {@code info}. Served
 * at {@code /actuator/trace-spans}: the id has no dash, because Boot warns about dashed
 * ids, and {@link TraceSpansPathMapper} maps it to the dashed path.
 */
@Endpoint(id = TraceSpansEndpoint.ID)
public final class TraceSpansEndpoint {

	/** The endpoint id; {@code trace-spans} names it too in exposure properties. */
	public static final String ID = "tracespans";

	/** The path under the actuator base path. */
	public static final String PATH = "trace-spans";

	private final TraceService trace;

	/**
	 * Creates an endpoint over the given service.
	 * @param trace the service
	 */
	public TraceSpansEndpoint(TraceService trace) {
		this.trace = trace;
	}

	/**
	 * Drains finished spans, oldest first: each is returned by exactly one call.
	 * @param format the media type asked for; as a mandatory parameter it also keeps the
	 * response cache off this operation
	 * @param limit the most spans to drain, or {@code null} for all
	 * @return the drained spans
	 */
	@ReadOperation
	public List<SpanRecord> spans(TraceSpansFormat format, @Nullable Integer limit) {
		if (limit == null) {
			return this.trace.flush();
		}
		if (limit < 1) {
			throw new InvalidEndpointRequestException("limit must be at least 1, was " + limit,
					"limit must be at least 1");
		}
		return this.trace.flush(limit);
	}

	/**
	 * A view that does not drain.
	 * @param view {@code active}, {@code stats} or {@code info}
	 * @return the view, or {@code null} (404) for another name
	 */
	@ReadOperation
	public @Nullable Object view(@Selector String view) {
		return switch (view) {
			case "active" -> new ActiveSpansDescriptor(this.trace.activeSpans());
			case "stats" -> new StatsDescriptor(this.trace.stats(), this.trace.statsByName());
			case "info" -> this.trace.info();
			default -> null;
		};
	}

	/**
	 * Spans started and not yet ended.
	 *
	 * @param spans the spans, oldest first
	 */
	public record ActiveSpansDescriptor(List<ActiveSpanSnapshot> spans) implements OperationResponseBody {
	}

	/**
	 * The counters and per-name duration statistics.
	 *
	 * @param counters the counters
	 * @param names statistics per span name, most frequent first
	 */
	public record StatsDescriptor(TraceStats counters, List<SpanNameStats> names) implements OperationResponseBody {
	}

}
