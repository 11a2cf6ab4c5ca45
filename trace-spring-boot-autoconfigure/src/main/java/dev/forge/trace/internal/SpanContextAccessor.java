package dev.forge.trace.internal;

import dev.forge.trace.TraceService;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * The span current on a thread, for Micrometer's context-propagation library: what
 * {@code ContextSnapshot}, {@code ContextExecutorService}, Spring's
 * {@code ContextPropagatingTaskDecorator} and Reactor's automatic context propagation carry
 * from one thread to another, beside the observation and the MDC.
 * <p>
 * Every {@code setValue} opens exactly one scope, the span handed over or, when the
 * snapshot has none, one in which no span is current; every {@code restore} closes the
 * scopes opened since the value it restores was read, so an accessor never leaves a scope
 * open, nor closes one of the thread's own. Not for users; public for the registration.
 */
public final class SpanContextAccessor implements ThreadLocalAccessor<SpanContextAccessor.Handed> {

	private final TraceEngine engine;

	private final String key;

	private SpanContextAccessor(TraceEngine engine) {
		this.engine = engine;
		this.key = "dev.forge.trace.span@" + Integer.toHexString(System.identityHashCode(engine));
	}

	/**
	 * An accessor for a tracer's current spans, keyed by tracer (several application
	 * contexts may run side by side).
	 * @param service the tracer
	 * @return the accessor
	 */
	public static SpanContextAccessor forService(TraceService service) {
		return new SpanContextAccessor(ApiAccess.get().engine(service));
	}

	@Override
	public Object key() {
		return this.key;
	}

	@Override
	public @Nullable Handed getValue() {
		long id = this.engine.currentSpanId();
		return (id != 0) ? new Handed(id, this.engine.currentRootId(), this.engine.scopeDepth()) : null;
	}

	@Override
	public void setValue(Handed value) {
		this.engine.enterScope(value.spanId, value.rootId);
	}

	@Override
	public void setValue() {
		// A scope with no span: spans started meanwhile are roots, as on a fresh thread.
		this.engine.enterScope(0, 0);
	}

	@Override
	public void restore(Handed previousValue) {
		this.engine.closeScopesAbove(previousValue.depth);
	}

	@Override
	public void restore() {
		// The value read before was none: the one scope setValue opened goes.
		this.engine.closeScopesAbove(Math.max(0, this.engine.scopeDepth() - 1));
	}

	/** A span handed over, and how many scopes were open where it was read. */
	public static final class Handed {

		private final long spanId;

		private final long rootId;

		private final int depth;

		Handed(long spanId, long rootId, int depth) {
			this.spanId = spanId;
			this.rootId = rootId;
			this.depth = depth;
		}

	}

}
