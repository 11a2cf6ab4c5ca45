package dev.forge.trace.actuate;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The drain of {@link TraceSpansEndpoint} on WebFlux. Reactive, so that it runs within
 * the request's Reactor context, where {@link ReactiveTraceSpansFilter} left the
 * request's delivery: a blocking operation would run on another thread with no way to
 * know its request. Without the filter, drains settle at once.
 */
@EndpointWebExtension(endpoint = TraceSpansEndpoint.class)
public final class TraceSpansReactiveWebExtension {

	private final TraceSpansEndpoint endpoint;

	/**
	 * Creates the extension.
	 * @param endpoint the endpoint whose drain this is
	 */
	public TraceSpansReactiveWebExtension(TraceSpansEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Drains finished spans, oldest first, as {@link TraceSpansEndpoint#spans} does.
	 * @param mediaType the media type asked for
	 * @param limit the most spans to drain, or {@code null} for all
	 * @param format {@code json} or {@code chrome-trace}
	 * @return the drained spans
	 */
	@ReadOperation
	public Mono<Object> spans(TraceSpansFormat mediaType, @Nullable String limit, @Nullable String format) {
		return Mono.deferContextual((context) -> {
			TraceSpansDelivery delivery = context.getOrDefault(ReactiveTraceSpansFilter.Delivery.class,
					TraceSpansDelivery.IMMEDIATE);
			return Mono.just(this.endpoint.spans(mediaType, limit, format, delivery));
		});
	}

}
