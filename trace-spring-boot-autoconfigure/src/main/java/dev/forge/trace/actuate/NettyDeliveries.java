package dev.forge.trace.actuate;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.SocketChannel;
import reactor.netty.Connection;

/**
 * Settles a drain on Reactor Netty once its bytes have left. WebFlux completes an
 * exchange when the body has been handed to Netty, which may still be writing it when a
 * client resets the connection. An empty buffer queued behind the body completes, in
 * order, only once everything before it has been written to the socket, and fails if the
 * connection breaks first. Loaded only when Reactor Netty is on the classpath.
 */
final class NettyDeliveries {

	private NettyDeliveries() {
	}

	/**
	 * The socket channel behind a Reactor Netty response, taken while the exchange is live
	 * (once it is over, Reactor Netty hides it); {@code null} for anything else, such as an
	 * HTTP/2 stream. Typed {@code Object} so callers need no Netty class.
	 */
	static Object channelOf(Object nativeResponse) {
		if (nativeResponse instanceof Connection connection && !connection.isDisposed()
				&& connection.channel() instanceof SocketChannel channel) {
			return channel;
		}
		return null;
	}

	/**
	 * Settles {@code delivery} once the bytes written so far on {@code socket} (from
	 * {@link #channelOf}) have left, and gives the batch back if the connection breaks first
	 * or is already closed.
	 */
	static void settleWhenWritten(Object socket, ReactiveTraceSpansFilter.Delivery delivery) {
		Channel channel = (Channel) socket;
		ChannelHandlerContext first = channel.pipeline().firstContext();
		if (first == null || !channel.isActive()) {
			// Closed before the body was known to have left: writing it failed.
			delivery.settle(false);
			return;
		}
		// Written from the first handler's context, the empty buffer passes no codec (HTTP or TLS)
		// and joins the channel's outbound buffer behind the body, so its future completes in order.
		first.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((future) -> delivery.settle(future.isSuccess()));
	}

}
