package dev.forge.trace.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import dev.forge.trace.TraceIds;
import org.jspecify.annotations.Nullable;

/**
 * Which span is current on each thread: a small stack per thread of the spans whose scope
 * is open there, with their root ids, and the thread's {@link SpanThread}. A span started
 * on a thread takes the top of its stack as parent. Scopes close in the reverse order they
 * opened; closing a scope that is not on top also closes those above it (a scope an inner
 * layer forgot to close), and closing one that is not on the stack changes nothing.
 * Public only so that an adapter can hold a thread's {@link State} between opening a scope
 * and closing it (see {@link TraceEngine#thisThread()}); not for users.
 */
public final class CurrentSpans {

	private final ThreadLocal<State> states;

	private final AtomicInteger threads = new AtomicInteger();

	/**
	 * @param maxThreadNameLength the longest thread name a span records; longer ones are cut
	 * as span names are
	 * @param ids the tracer's exported ids, which its records reach through their thread
	 */
	CurrentSpans(int maxThreadNameLength, TraceIds ids, @Nullable BaggageCorrelation baggage) {
		this.states = ThreadLocal
			.withInitial(() -> new State(maxThreadNameLength, ids, baggage, this.threads.getAndIncrement()));
	}

	State state() {
		return this.states.get();
	}

	/**
	 * The per-thread state; only its own thread touches it. Opaque outside the engine: an
	 * adapter only hands it back, on the thread it came from.
	 */
	public static final class State {

		private long[] ids = new long[8];

		private long[] roots = new long[8];

		private int depth;

		private SpanThread thread;

		private String threadName;

		private final int maxThreadNameLength;

		private final TraceIds traceIds;

		// Log correlation (see LogCorrelation): the span whose ids the MDC holds (0 for none),
		// what it held before them, and the state correlated before this one's outermost span.
		long mdcSpan;

		String savedTraceId;

		String savedSpanId;

		State correlatedBefore;

		// The baggage fields log lines carry (null for none), the values the MDC holds and
		// what the MDC held under those names before.
		final @Nullable BaggageCorrelation baggage;

		String @Nullable [] mdcBaggage;

		String @Nullable [] savedBaggage;

		// The hex trace id of the last root asked for: a thread works in one trace at a time.
		private long hexRoot;

		private String hexTraceId;

		// The last span name started on this thread, checked: names are usually constants.
		private String checkedName;

		private String checkedCut;

		// Which of the threads to use the tracer this one was: picks the thread's stripe, so
		// that threads spread over stripes however their ids fall.
		private final int arrival;

		State(int maxThreadNameLength, TraceIds traceIds, @Nullable BaggageCorrelation baggage, int arrival) {
			this.arrival = arrival;
			this.maxThreadNameLength = maxThreadNameLength;
			this.traceIds = traceIds;
			this.baggage = baggage;
		}

		/** @return the order in which this thread first used the tracer, from 0 */
		int arrival() {
			return this.arrival;
		}

		int depth() {
			return this.depth;
		}

		/** {@link SpanNames#checked}, remembered for the last name (the same instance). */
		String checkedName(String name, int maxLength) {
			if (name != this.checkedName || name == null) {
				this.checkedCut = SpanNames.checked(name, maxLength);
				this.checkedName = name;
			}
			return this.checkedCut;
		}

		TraceIds traceIds() {
			return this.traceIds;
		}

		String currentTraceIdHex() {
			long root = currentRoot();
			if (this.hexTraceId == null || this.hexRoot != root) {
				this.hexRoot = root;
				this.hexTraceId = this.traceIds.traceIdHex(root);
			}
			return this.hexTraceId;
		}

		long currentId() {
			return (this.depth > 0) ? this.ids[this.depth - 1] : 0;
		}

		long currentRoot() {
			return (this.depth > 0) ? this.roots[this.depth - 1] : 0;
		}

		void push(long id, long rootId) {
			if (this.depth == this.ids.length) {
				this.ids = Arrays.copyOf(this.ids, this.depth * 2);
				this.roots = Arrays.copyOf(this.roots, this.depth * 2);
			}
			this.ids[this.depth] = id;
			this.roots[this.depth] = rootId;
			this.depth++;
		}

		void pop(long id) {
			for (int i = this.depth - 1; i >= 0; i--) {
				if (this.ids[i] == id) {
					this.depth = i;
					return;
				}
			}
		}

		/**
		 * The current thread as a span records it, made anew only when its name changes; a
		 * name longer than the limit is cut (a thread can name itself anything).
		 */
		SpanThread thread() {
			Thread current = Thread.currentThread();
			String name = current.getName();
			SpanThread cached = this.thread;
			if (cached == null || !name.equals(this.threadName)) {
				@SuppressWarnings("deprecation")
				long threadId = current.getId();
				String kept = SpanNames.cut(name, this.maxThreadNameLength);
				cached = new SpanThread(kept, threadId, kept != name, this.traceIds);
				this.thread = cached;
				this.threadName = name;
			}
			return cached;
		}

	}

}
