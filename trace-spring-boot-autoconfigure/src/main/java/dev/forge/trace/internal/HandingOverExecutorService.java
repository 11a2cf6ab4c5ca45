package dev.forge.trace.internal;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An executor service whose tasks run with the span current where they were submitted
 * ({@link TraceEngine#handOver}); everything else is the delegate's.
 */
public final class HandingOverExecutorService implements ExecutorService {

	private final TraceEngine engine;

	private final ExecutorService delegate;

	/**
	 * Wraps an executor service.
	 * @param engine the engine whose current spans are handed over
	 * @param delegate the executor service that runs the tasks
	 */
	public HandingOverExecutorService(TraceEngine engine, ExecutorService delegate) {
		this.engine = engine;
		this.delegate = delegate;
	}

	@Override
	public void execute(Runnable command) {
		this.delegate.execute(this.engine.handOver(command));
	}

	@Override
	public Future<?> submit(Runnable task) {
		return this.delegate.submit(this.engine.handOver(task));
	}

	@Override
	public <T> Future<T> submit(Runnable task, T result) {
		return this.delegate.submit(this.engine.handOver(task), result);
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		return this.delegate.submit(this.engine.handOver(task));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
		return this.delegate.invokeAll(handOver(tasks));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException {
		return this.delegate.invokeAll(handOver(tasks), timeout, unit);
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
		return this.delegate.invokeAny(handOver(tasks));
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.delegate.invokeAny(handOver(tasks), timeout, unit);
	}

	private <T> List<Callable<T>> handOver(Collection<? extends Callable<T>> tasks) {
		return tasks.stream().map(this.engine::handOver).toList();
	}

	@Override
	public void shutdown() {
		this.delegate.shutdown();
	}

	@Override
	public List<Runnable> shutdownNow() {
		return this.delegate.shutdownNow();
	}

	@Override
	public boolean isShutdown() {
		return this.delegate.isShutdown();
	}

	@Override
	public boolean isTerminated() {
		return this.delegate.isTerminated();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.delegate.awaitTermination(timeout, unit);
	}

	@Override
	public String toString() {
		return "HandingOverExecutorService[" + this.delegate + "]";
	}

}
