package dev.forge.trace.internal;

import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;

/**
 * Finished records for the engine's own tests, made the way a stripe makes them.
 */
final class TestRecords {

	private static final SpanThread THREAD = new SpanThread("main", 1, false, null);

	private TestRecords() {
	}

	/**
	 * A finished record of the local trace {@code rootId}: its root when the ids are equal,
	 * else a child of the root.
	 */
	static SpanRecord record(long id, long rootId) {
		return ApiAccess.get()
			.record(id, "span-" + id, 0, 1.0, (rootId != id) ? rootId : 0, rootId, THREAD, null, null, false,
					SpanKind.INTERNAL);
	}

}
