package dev.forge.trace.export;

import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.TraceAttribute;
import dev.forge.trace.annotation.Traced;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Traced beans that nest and fail, whose spans the export tests send to real backends.
 */
@Configuration(proxyBeanMethods = false)
class ExportBeans {

	@Bean
	Checkout checkout(Payments payments, TraceService trace) {
		return new Checkout(payments, trace);
	}

	@Bean
	Payments payments() {
		return new Payments();
	}

	static class Checkout {

		private final Payments payments;

		private final TraceService trace;

		Checkout(Payments payments, TraceService trace) {
			this.payments = payments;
			this.trace = trace;
		}

		@Traced("checkout")
		public void checkout(@TraceAttribute("cart") String cart, @TraceAttribute("amount") int amount) {
			this.trace.instant("cart.validated");
			try {
				this.payments.charge(amount);
			}
			catch (IllegalStateException ex) {
				// The payment's span records the failure.
			}
		}

	}

	static class Payments {

		@Traced("payments.charge")
		public void charge(@TraceAttribute("amount") int amount) {
			try {
				Thread.sleep(3);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (amount > 100) {
				throw new IllegalStateException("card declined");
			}
		}

	}

}
