package dev.forge.trace.actuate;

import dev.forge.trace.TraceService;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a test that drains over HTTP starts from: a client for the server on its random port,
 * the tracer emptied of what earlier tests left, and how many records were drained since.
 */
abstract class DrainingWebTests {

	@LocalServerPort
	int port;

	@Autowired
	TraceService trace;

	Http http;

	private long flushedBefore;

	@BeforeEach
	void drainLeftovers() {
		this.http = new Http(this.port);
		this.trace.flush();
		this.flushedBefore = this.trace.stats().flushed();
	}

	/** The records drained since this test began. */
	long flushed() {
		return this.trace.stats().flushed() - this.flushedBefore;
	}

}
