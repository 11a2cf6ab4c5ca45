package dev.forge.trace.autoconfigure;

import dev.forge.trace.TraceService;
import dev.forge.trace.internal.ApiAccess;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Starts counting orphan roots ({@link TraceService#orphanRoots()}) once the application is
 * ready: what runs during startup, {@code CommandLineRunner}s included, is rightly a trace
 * of its own, and so is what the thread that started the application does next.
 */
final class OrphanRootsCounting implements ApplicationListener<ApplicationReadyEvent> {

	private final TraceService trace;

	OrphanRootsCounting(TraceService trace) {
		this.trace = trace;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		// Published on the thread that ran SpringApplication.run.
		ApiAccess.engineOf(this.trace).countOrphanRoots(Thread.currentThread());
	}

}
