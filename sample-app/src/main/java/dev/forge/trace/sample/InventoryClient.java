package dev.forge.trace.sample;

import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Reserves stock: in another instance of the sample when {@code sample.inventory.url} is
 * set (a call through Boot's {@code RestClient}, which carries the trace there), else here,
 * standing in for a remote service: every reservation takes at least 15 ms.
 */
@Component
public class InventoryClient {

	static final long LATENCY_MILLIS = 15;

	private final RestClient remote;

	public InventoryClient(RestClient.Builder builder, @Value("${sample.inventory.url:}") String url) {
		this.remote = url.isBlank() ? null : builder.baseUrl(url).build();
	}

	@Traced("inventory.reserve")
	public void reserve(@TraceAttribute("item") String item, @TraceAttribute("quantity") int quantity) {
		if (this.remote != null) {
			this.remote.post()
				.uri((uri) -> uri.path("/inventory/reservations").queryParam("item", item)
					.queryParam("quantity", quantity)
					.build())
				.retrieve()
				.toBodilessEntity();
			return;
		}
		hold(item);
	}

	/** The work of a reservation, as the inventory instance does it. */
	static void hold(String item) {
		try {
			Thread.sleep(LATENCY_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reserving " + item, ex);
		}
	}

}
