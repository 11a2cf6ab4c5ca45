package dev.forge.trace.internal;

import java.util.Arrays;

import dev.forge.trace.TraceService;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * The span current on a thread, for Micrometer's context-propagation library: what
 * {@code ContextSnapshot}, {@code ContextExecutorService}, Spring's
 * {@code ContextPropagatingTaskDecorator} and Reactor's automatic context propagation carry
 * from one thread to another, beside the observation and the MDC.
 * <p>
 * A snapshot with a span opens a scope for it; one without leaves the thread's spans as
 * they are (in a Spring application the observation, restored beside it, may just have
 * made the request's span current: clearing it would cut the trace). Each restore closes
 * exactly what its set opened, so an accessor never leaves a scope open nor closes one of
 * the thread's own. Not for users; public for the registration.
 */
public final class SpanContextAccessor implements ThreadLocalAccessor<SpanContextAccessor.Handed> {

	private static final int NOTHING_OPENED = -1;

	private final TraceEngine engine;

	private final String key;

	private final ThreadLocal<Opened> opened = ThreadLocal.withInitial(Opened::new);

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
		return (id != 0) ? new Handed(id, this.engine.currentRootId()) : null;
	}

	@Override
	public void setValue(Handed value) {
		opened().push(this.engine.scopeDepth());
		this.engine.enterScope(value.spanId, value.rootId);
	}

	@Override
	public void setValue() {
		opened().push(NOTHING_OPENED);
	}

	@Override
	public void restore(Handed previousValue) {
		restore();
	}

	@Override
	public void restore() {
		int depth = opened().pop();
		if (depth != NOTHING_OPENED) {
			this.engine.closeScopesAbove(depth);
		}
	}

	private Opened opened() {
		return this.opened.get();
	}

	/** Per thread, the depth before each scope a set opened, or none: what each restore undoes. */
	private static final class Opened {

		private int[] depths = new int[4];

		private int size;

		void push(int depth) {
			if (this.size == this.depths.length) {
				this.depths = Arrays.copyOf(this.depths, this.size * 2);
			}
			this.depths[this.size++] = depth;
		}

		int pop() {
			return (this.size > 0) ? this.depths[--this.size] : NOTHING_OPENED;
		}

	}

	/** A span handed over. */
	public static final class Handed {

		private final long spanId;

		private final long rootId;

		Handed(long spanId, long rootId) {
			this.spanId = spanId;
			this.rootId = rootId;
		}

	}

}
