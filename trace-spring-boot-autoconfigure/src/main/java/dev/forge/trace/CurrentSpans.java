package dev.forge.trace;

import java.util.Arrays;

/**
 * Which span is current on each thread: a small stack per thread of the spans whose scope
 * is open there, with their root ids, and the thread's {@link SpanThread}. A span started
 * on a thread takes the top of its stack as parent. Scopes close in the reverse order they
 * opened; closing a scope that is not on top also closes those above it (a scope an inner
 * layer forgot to close), and closing one that is not on the stack changes nothing.
 */
final class CurrentSpans {

	private final ThreadLocal<State> states = ThreadLocal.withInitial(State::new);

	State state() {
		return this.states.get();
	}

	/** The per-thread state; only its own thread touches it. */
	static final class State {

		private long[] ids = new long[8];

		private long[] roots = new long[8];

		private int depth;

		private SpanThread thread;

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

		/** The current thread as a span records it, made anew only when its name changes. */
		SpanThread thread() {
			Thread current = Thread.currentThread();
			SpanThread cached = this.thread;
			String name = current.getName();
			if (cached == null || !cached.name().equals(name)) {
				@SuppressWarnings("deprecation")
				long threadId = current.getId();
				cached = new SpanThread(name, threadId);
				this.thread = cached;
			}
			return cached;
		}

	}

}
