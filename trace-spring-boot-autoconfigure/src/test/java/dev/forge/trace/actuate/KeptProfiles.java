package dev.forge.trace.actuate;

import java.time.Duration;
import java.util.function.Predicate;

import dev.forge.trace.TraceService;
import org.awaitility.Awaitility;

/**
 * Waits, for the page's profile tests, until a request's trace is kept and its profile,
 * as the endpoint serves it, holds what a test needs.
 */
final class KeptProfiles {

	private KeptProfiles() {
	}

	/**
	 * Waits for the kept trace whose root has the given name, then for its profile.
	 * @return the kept root's id
	 */
	static long awaitProfile(TraceService trace, int port, String rootName, Predicate<String> profileHas) {
		long rootId = Awaitility.await().atMost(Duration.ofSeconds(10))
			.until(() -> trace.keptTraces()
				.stream()
				.filter((kept) -> kept.rootName().equals(rootName))
				.map((kept) -> kept.root().id())
				.findFirst()
				.orElse(0L), (id) -> id != 0);
		// The recorder hands its events over about once a second.
		Awaitility.await().atMost(Duration.ofSeconds(20))
			.until(() -> new Http(port).get("/actuator/trace-spans/traces/" + rootId + "/profile").body(),
					profileHas);
		return rootId;
	}

}
