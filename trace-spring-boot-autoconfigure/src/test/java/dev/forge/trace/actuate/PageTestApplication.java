package dev.forge.trace.actuate;

import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application whose traced beans nest, for the page's browser tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class PageTestApplication {

	@Bean
	Inventory inventory() {
		return new Inventory();
	}

	@Bean
	Orders orders(Inventory inventory, TraceService trace) {
		return new Orders(inventory, trace);
	}

	static class Orders {

		private final Inventory inventory;

		private final TraceService trace;

		Orders(Inventory inventory, TraceService trace) {
			this.inventory = inventory;
			this.trace = trace;
		}

		@Traced("orders.place")
		public String place(@TraceAttribute("item") String item) {
			pause(3);
			this.trace.instant("cache_miss", java.util.Map.of("item", item));
			this.inventory.reserve(item, 2);
			pause(2);
			return item;
		}

	}

	static class Inventory {

		@Traced("inventory.reserve")
		public void reserve(@TraceAttribute("item") String item, @TraceAttribute("quantity") int quantity) {
			pause(4);
			if (item.equals("broken")) {
				throw new IllegalStateException("out of stock: " + item);
			}
		}

	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
