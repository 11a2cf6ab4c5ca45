package dev.forge.trace.sample;

import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The inventory side, for a second instance of the sample that the first one calls
 * ({@code sample.inventory.url}): two services of one trace.
 */
@RestController
class InventoryController {

	private final Stock stock;

	InventoryController(Stock stock) {
		this.stock = stock;
	}

	@PostMapping("/inventory/reservations")
	@ResponseStatus(HttpStatus.CREATED)
	void reserve(@RequestParam String item, @RequestParam int quantity) {
		this.stock.hold(item, quantity);
	}

	@Service
	static class Stock {

		@Traced("stock.hold")
		public void hold(@TraceAttribute("item") String item, @TraceAttribute("quantity") int quantity) {
			InventoryClient.hold(item);
		}

	}

}
