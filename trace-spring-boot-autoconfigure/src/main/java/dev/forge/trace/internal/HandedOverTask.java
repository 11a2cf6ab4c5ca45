package dev.forge.trace.internal;

import java.util.concurrent.Callable;

/**
 * Work handed to another thread with the span current where it was handed over: while it
 * runs, that span is current on the running thread (log lines carry its ids, spans
 * started are its children), and afterwards the running thread's own spans are current
 * again, also when the work throws. One small object per task; none when no span was
 * current.
 */
final class HandedOverTask<V> implements Runnable, Callable<V> {

	private final TraceEngine engine;

	private final Runnable runnable;

	private final Callable<V> callable;

	private final long spanId;

	private final long rootId;

	private HandedOverTask(TraceEngine engine, Runnable runnable, Callable<V> callable, long spanId, long rootId) {
		this.engine = engine;
		this.runnable = runnable;
		this.callable = callable;
		this.spanId = spanId;
		this.rootId = rootId;
	}

	static HandedOverTask<Void> of(TraceEngine engine, Runnable task, long spanId, long rootId) {
		return new HandedOverTask<>(engine, task, null, spanId, rootId);
	}

	static <V> HandedOverTask<V> of(TraceEngine engine, Callable<V> task, long spanId, long rootId) {
		return new HandedOverTask<>(engine, null, task, spanId, rootId);
	}

	@Override
	public void run() {
		this.engine.enterScope(this.spanId, this.rootId);
		try {
			this.runnable.run();
		}
		finally {
			this.engine.closeScope(this.spanId);
		}
	}

	@Override
	public V call() throws Exception {
		this.engine.enterScope(this.spanId, this.rootId);
		try {
			return this.callable.call();
		}
		finally {
			this.engine.closeScope(this.spanId);
		}
	}

	@Override
	public String toString() {
		return String.valueOf((this.runnable != null) ? this.runnable : this.callable);
	}

}
