package dev.forge.trace.observation;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceService;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the bridge switched off, requests leave no spans and Boot's metrics are as they
 * are without the starter.
 */
@SpringBootTest(classes = ObservedApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "trace.observations.enabled=false")
class ObservationSpansOffTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TraceService trace;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private ApplicationContext context;

	@Test
	void requestsLeaveOnlyTheirTracedSpansAndMetricsStillCountThem() {
		assertThat(this.context.getBeansOfType(TraceObservationHandler.class)).isEmpty();
		this.trace.flush();
		assertThat(new Client(this.port).get("/things/4").statusCode()).isEqualTo(200);
		await().until(() -> this.meters.find("http.server.requests").tag("uri", "/things/{id}").timer() != null);
		assertThat(this.meters.get("http.server.requests").tag("uri", "/things/{id}").timer().count()).isEqualTo(1);
		assertThat(this.trace.flush()).extracting(SpanRecord::name).containsExactly("ThingService.find");
	}

}
