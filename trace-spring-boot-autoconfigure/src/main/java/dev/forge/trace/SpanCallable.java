package dev.forge.trace;

/**
 * Work traced by {@link TraceService#inSpan(String, Object, SpanCallable)}.
 *
 * @param <T> the type of the result
 * @param <E> the type of exception the work may throw
 */
@FunctionalInterface
public interface SpanCallable<T, E extends Throwable> {

	/**
	 * Does the work.
	 * @return the result
	 * @throws E on failure
	 */
	T call() throws E;

}
