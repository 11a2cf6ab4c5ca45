package dev.forge.trace.actuate;

import dev.forge.trace.SpanBatch;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * WebFlux's counterpart of {@link TraceSpansResponseFilter}: for requests under the
 * actuator base path it puts a {@link Delivery} in the Reactor context, which the
 * endpoint's drain reads ({@link TraceSpansReactiveWebExtension}), and settles the batch
 * once the exchange is done: committed when the response was written, given back when
 * writing failed or the client went away. A {@code HEAD} drains nothing. The page's
 * responses get its security headers.
 */
public final class ReactiveTraceSpansFilter implements WebFilter, Ordered {

	private static final boolean NETTY_PRESENT = ClassUtils.isPresent("reactor.netty.Connection",
			ReactiveTraceSpansFilter.class.getClassLoader());

	private final String basePath;

	private final String pagePath;

	/**
	 * Creates a filter.
	 * @param basePath the actuator base path, such as {@code /actuator}
	 */
	public ReactiveTraceSpansFilter(String basePath) {
		this.basePath = basePath;
		this.pagePath = basePath + "/" + TraceSpansEndpoint.PATH;
	}

	/** Outermost, so it sees the whole exchange, after security has had its say. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.startsWith(this.basePath)) {
			return chain.filter(exchange);
		}
		if (path.startsWith(this.pagePath)) {
			TraceSpansPage.SECURITY_HEADERS.forEach(exchange.getResponse().getHeaders()::set);
		}
		Delivery delivery = new Delivery(HttpMethod.HEAD.equals(exchange.getRequest().getMethod()));
		Object channel = NETTY_PRESENT
				? NettyDeliveries.channelOf(ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse()))
				: null;
		return chain.filter(exchange)
			.doOnSuccess((done) -> settle(channel, delivery))
			.doOnError((failure) -> delivery.settle(false))
			.doOnCancel(() -> delivery.settle(false))
			.contextWrite((context) -> context.put(Delivery.class, delivery));
	}

	private static void settle(Object channel, Delivery delivery) {
		if (channel != null && delivery.holdsBatch()) {
			NettyDeliveries.settleWhenWritten(channel, delivery);
		}
		else {
			delivery.settle(true);
		}
	}

	/** The delivery of one request: holds its batch until the exchange is done. */
	static final class Delivery implements TraceSpansDelivery {

		private final boolean head;

		private SpanBatch batch;

		private boolean settled;

		Delivery(boolean head) {
			this.head = head;
		}

		@Override
		public boolean withoutDrain() {
			return this.head;
		}

		@Override
		public synchronized void deliver(SpanBatch batch) {
			if (this.settled || this.batch != null) {
				batch.commit(); // not expected: a second drain in one exchange, or one after it ended
				return;
			}
			this.batch = batch;
		}

		synchronized boolean holdsBatch() {
			return this.batch != null;
		}

		synchronized void settle(boolean written) {
			this.settled = true;
			SpanBatch batch = this.batch;
			this.batch = null;
			if (batch != null) {
				if (written) {
					batch.commit();
				}
				else {
					batch.giveBack();
				}
			}
		}

	}

}
