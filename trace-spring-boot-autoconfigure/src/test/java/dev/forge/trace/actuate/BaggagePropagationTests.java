package dev.forge.trace.actuate;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * W3C baggage across a real HTTP call, for the allowed fields only: the application's
 * {@code /front} calls its own {@code /back}, which answers with the {@code baggage} header
 * it received. Run on Tomcat with {@code RestClient} and on Reactor Netty with
 * {@code WebClient} by the subclasses, with {@code trace.baggage.remote-fields=tenant,region,user}.
 */
abstract class BaggagePropagationTests {

	static final String FIELDS = "trace.baggage.remote-fields=tenant,region,user";

	@LocalServerPort
	int port;

	@Test
	void onlyTheAllowedFieldsOfAnIncomingRequestAreSentOn() {
		String received = new Http(this.port)
			.get("/front", Map.of("baggage", "tenant=acme,secret=s3cr3t, region=eu%20west;ttl=1,session=abc"))
			.body();
		assertThat(received).startsWith("tenant=acme,region=eu%20west").doesNotContain("secret", "session", "ttl");
	}

	@Test
	void aRequestWithoutBaggageSendsNone() {
		assertThat(new Http(this.port).get("/front", Map.of()).body()).startsWith("none");
	}

	@Test
	void malformedBaggageIsIgnoredAndTheRequestServed() {
		assertThat(new Http(this.port).get("/front", Map.of("baggage", "tenant=a b,region=%zz,=x")).body())
			.startsWith("none");
	}

}
