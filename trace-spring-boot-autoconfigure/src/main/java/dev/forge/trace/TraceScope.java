package dev.forge.trace;

/**
 * A span that is current on its thread until closed: spans started on the thread
 * meanwhile, by hand or by {@code @Traced}, become its children. Made for
 * try-with-resources; {@link #close()} makes the previous span current again and ends this
 * one with the result or failure set on it. Use it on the thread that opened it.
 *
 * <pre class="code">
 * try (TraceScope scope = trace.openScope("fetchUser", Map.of("userId", id))) {
 *     User user = users.find(id);
 *     scope.setResult(Map.of("status", 200));
 *     return user;
 * }
 * catch (RuntimeException ex) {
 *     // the scope is already closed here; record failures inside the try with setError
 *     throw ex;
 * }
 * </pre>
 *
 * @see TraceService#openScope(String, Object)
 * @see TraceService#inSpan(String, Object, SpanCallable)
 */
public final class TraceScope implements AutoCloseable {

	private final TraceService trace;

	private final long id;

	private Object result;

	private boolean closed;

	TraceScope(TraceService trace, long id) {
		this.trace = trace;
		this.id = id;
	}

	/**
	 * The span's id.
	 * @return the id, or 0 when tracing is disabled
	 */
	public long id() {
		return this.id;
	}

	/**
	 * Sets the result the span ends with.
	 * @param result any value, captured when the scope closes
	 * @return this scope
	 */
	public TraceScope setResult(Object result) {
		this.result = result;
		return this;
	}

	/**
	 * Records a failure as the result, as {@code @Traced} does:
	 * {@code {"error": message, "exception": class name}}.
	 * @param error the failure
	 * @return this scope
	 */
	public TraceScope setError(Throwable error) {
		this.result = SpanErrors.of(error);
		return this;
	}

	/**
	 * Makes the previous span current again and ends this one. Closing twice does nothing;
	 * a span already evicted by {@code max-active-spans} is not an error here.
	 */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.trace.closeScope(this.id);
		if (this.id != 0) {
			try {
				this.trace.end(this.id, this.result);
			}
			catch (SpanNotFoundException ex) {
				// Evicted as abandoned, and counted so.
			}
		}
	}

}
