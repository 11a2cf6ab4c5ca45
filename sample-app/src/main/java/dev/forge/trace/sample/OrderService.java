package dev.forge.trace.sample;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Orders, traced method by method: a synchronous method with its result captured, a
 * {@code CompletableFuture} and a {@code Mono}.
 */
@Service
public class OrderService {

	static final long RECEIPT_DELAY_MILLIS = 30;

	static final long QUOTE_DELAY_MILLIS = 10;

	private final Map<Long, Order> orders = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final UserService users;

	private final InventoryClient inventory;

	public OrderService(UserService users, InventoryClient inventory) {
		this.users = users;
		this.inventory = inventory;
	}

	/** Places an order; a quantity below 1 fails, and the span records the error. */
	@Traced(value = "orders.place", captureResult = true)
	public Order place(@TraceAttribute("userId") long userId, @TraceAttribute("item") String item,
			@TraceAttribute("quantity") int quantity) {
		if (quantity < 1) {
			throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
		}
		this.users.find(userId);
		this.inventory.reserve(item, quantity);
		Order order = new Order(this.ids.incrementAndGet(), userId, item, quantity);
		this.orders.put(order.id(), order);
		return order;
	}

	/** Builds a receipt on another thread; the span ends when the future completes. */
	@Traced(value = "orders.receipt", captureResult = true)
	public CompletableFuture<Map<String, Object>> receipt(@TraceAttribute("orderId") long orderId) {
		return CompletableFuture.supplyAsync(() -> {
			Order order = this.orders.get(orderId);
			if (order == null) {
				throw new IllegalArgumentException("No order " + orderId);
			}
			return Map.<String, Object>of("orderId", orderId, "item", order.item(), "total", order.quantity() * 10);
		}, CompletableFuture.delayedExecutor(RECEIPT_DELAY_MILLIS, TimeUnit.MILLISECONDS));
	}

	/** A price quote as a Mono; its span starts on subscription. */
	@Traced(value = "orders.quote", captureResult = true)
	public Mono<Map<String, Object>> quote(@TraceAttribute("item") String item) {
		return Mono.fromSupplier(() -> Map.<String, Object>of("item", item, "price", 10))
			.delayElement(Duration.ofMillis(QUOTE_DELAY_MILLIS));
	}

	int count() {
		return this.orders.size();
	}

}
