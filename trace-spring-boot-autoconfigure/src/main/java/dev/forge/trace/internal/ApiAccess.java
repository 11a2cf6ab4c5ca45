package dev.forge.trace.internal;

import java.util.List;

import dev.forge.trace.KeptTrace;
import dev.forge.trace.RemoteParent;
import dev.forge.trace.SpanKind;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceIds;
import dev.forge.trace.TraceService;
import org.jspecify.annotations.Nullable;

/**
 * The one way the engine reaches what the API keeps to itself: making records and kept
 * traces, and reading a record's raw parts, without the API making any of it public.
 * Brave's {@code InternalPropagation} pattern: this abstract accessor lives here, and
 * {@link SpanRecord} installs its implementation when it is loaded. Not for users.
 */
public abstract class ApiAccess {

	private static volatile @Nullable ApiAccess instance;

	/**
	 * Installs the accessor; called once, by {@link SpanRecord} when it is loaded.
	 * @param access the accessor
	 */
	public static void install(ApiAccess access) {
		instance = access;
	}

	/**
	 * The engine behind a tracer, for this library's adapters outside the engine (the
	 * observation bridge, the auto-configuration). Not for users.
	 * @param service the tracer
	 * @return its engine
	 */
	public static TraceEngine engineOf(TraceService service) {
		return get().engine(service);
	}

	static ApiAccess get() {
		ApiAccess access = instance;
		if (access == null) {
			// Loading the record class runs its static initializer, which installs it.
			try {
				Class.forName(SpanRecord.class.getName(), true, SpanRecord.class.getClassLoader());
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
			access = instance;
		}
		return access;
	}

	/**
	 * Makes a record.
	 * @param id the id
	 * @param name the name
	 * @param startEpochNanos the start, in nanoseconds since the epoch
	 * @param durationMs the duration
	 * @param parentId the parent's id, or 0
	 * @param rootId the root's id
	 * @param thread the starting thread
	 * @param attributes the attributes' JSON, or {@code null}
	 * @param result the result's JSON, or {@code null}
	 * @param notable whether the record is notable
	 * @param kind the span's kind
	 * @return the record
	 */
	public abstract SpanRecord record(long id, String name, long startEpochNanos, double durationMs, long parentId,
			long rootId, SpanThread thread, byte @Nullable [] attributes, byte @Nullable [] result, boolean notable,
			SpanKind kind);

	/**
	 * Makes a kept trace.
	 * @param root the root's record
	 * @param failed whether the root failed
	 * @param records the trace's records, in start order
	 * @param endNanos when the root ended, on the monotonic clock
	 * @return the kept trace
	 */
	public abstract KeptTrace keptTrace(SpanRecord root, boolean failed, List<SpanRecord> records, long endNanos);

	/**
	 * @param trace a kept trace
	 * @return its estimated size in bytes
	 */
	public abstract long bytes(KeptTrace trace);

	/**
	 * @param trace a kept trace
	 * @return when its root ended, on the monotonic clock
	 */
	public abstract long endNanos(KeptTrace trace);

	/**
	 * Ids keyed at random that remember the remote parents of so many local roots.
	 * @param maxRemoteRoots the roots
	 * @return the ids
	 */
	public abstract TraceIds traceIds(int maxRemoteRoots);

	/**
	 * Makes a local root continue a remote trace.
	 * @param ids the tracer's ids
	 * @param rootId the root's id
	 * @param parent the remote parent
	 */
	public abstract void continueRemote(TraceIds ids, long rootId, RemoteParent parent);

	/**
	 * The engine behind a tracer, for the engine's own adapters to other libraries.
	 * @param service the tracer
	 * @return its engine
	 */
	public abstract TraceEngine engine(TraceService service);

}
