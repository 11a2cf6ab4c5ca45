package dev.forge.trace.observation;

import java.io.IOException;

import dev.forge.trace.TraceService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Keeps a failing request's span current for what the container does after the request's
 * observation has stopped, so those log lines carry the request's ids: the container's own
 * report of the exception ({@code Servlet.service() ... threw exception}, logged once every
 * filter has returned) and the {@code ERROR} dispatch that renders the error page, which
 * Boot does not observe. Spans started during that dispatch are children of the request's.
 * <p>
 * A filter, outermost and on {@code REQUEST} and {@code ERROR} dispatches, and a request
 * listener: a scope held past an exception is closed when the error dispatch ends or, if
 * there is none, when the request is destroyed, on the same thread, so nothing of it is
 * left on a pooled thread.
 */
public final class ServletErrorScopes implements Filter, ServletRequestListener {

	private static final String HELD = ServletErrorScopes.class.getName() + ".held";

	private final TraceService trace;

	/**
	 * Creates the filter and listener.
	 * @param trace the tracer whose current span is set
	 */
	public ServletErrorScopes(TraceService trace) {
		this.trace = trace;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest http)) {
			chain.doFilter(request, response);
			return;
		}
		if (http.getDispatcherType() == DispatcherType.ERROR) {
			errorDispatch(http, request, response, chain);
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			ObservationSpan span = (http.getDispatcherType() == DispatcherType.REQUEST && !http.isAsyncStarted())
					? requestSpan(http) : null;
			if (span != null) {
				this.trace.enterScope(span.id, span.rootId);
				http.setAttribute(HELD, span);
			}
			throw ex;
		}
	}

	private void errorDispatch(HttpServletRequest http, ServletRequest request, ServletResponse response,
			FilterChain chain) throws IOException, ServletException {
		boolean held = http.getAttribute(HELD) != null;
		ObservationSpan span = held ? null : requestSpan(http);
		if (span != null) {
			this.trace.enterScope(span.id, span.rootId);
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (span != null) {
				this.trace.closeScope(span.id);
			}
			if (held) {
				release(http);
			}
		}
	}

	@Override
	public void requestDestroyed(ServletRequestEvent event) {
		release(event.getServletRequest());
	}

	private void release(ServletRequest request) {
		if (request.getAttribute(HELD) instanceof ObservationSpan span) {
			request.removeAttribute(HELD);
			this.trace.closeScope(span.id);
		}
	}

	private static @Nullable ObservationSpan requestSpan(HttpServletRequest request) {
		ServerRequestObservationContext context = ServerHttpObservationFilter.findObservationContext(request)
			.orElse(null);
		return (context != null) ? context.get(ObservationSpan.class) : null;
	}

}
