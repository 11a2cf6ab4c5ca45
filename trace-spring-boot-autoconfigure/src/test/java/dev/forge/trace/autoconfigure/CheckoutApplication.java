package dev.forge.trace.autoconfigure;

import dev.forge.trace.annotation.Traced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application of the log-correlation tests, on Logback and on Log4j 2: a {@code @Traced}
 * method that logs {@value #LINE}.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ TraceAutoConfiguration.class, TraceAopAutoConfiguration.class })
class CheckoutApplication {

	static final String LINE = "checking out";

	@Bean
	Checkout checkout() {
		return new Checkout();
	}

	static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(CheckoutApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(args);
	}

	/** The console line the traced method logged. */
	static String line(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.contains(LINE)).findFirst().orElseThrow();
	}

	static class Checkout {

		static final Logger logger = LoggerFactory.getLogger(Checkout.class);

		@Traced
		public void checkout() {
			logger.info(LINE);
		}

	}

}
