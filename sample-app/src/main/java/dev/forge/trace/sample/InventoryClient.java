package dev.forge.trace.sample;

import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;

import org.springframework.stereotype.Component;

/**
 * Stands in for a remote inventory service: every reservation takes at least 15 ms.
 */
@Component
public class InventoryClient {

	static final long LATENCY_MILLIS = 15;

	@Traced("inventory.reserve")
	public void reserve(@TraceAttribute("item") String item, @TraceAttribute("quantity") int quantity) {
		try {
			Thread.sleep(LATENCY_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reserving " + item, ex);
		}
	}

}
