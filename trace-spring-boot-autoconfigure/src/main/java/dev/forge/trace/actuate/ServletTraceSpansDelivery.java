package dev.forge.trace.actuate;

import dev.forge.trace.SpanBatch;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Delivery over a servlet container: a batch drained by a request that went through
 * {@link TraceSpansResponseFilter} is settled by the filter once the response is written;
 * without the filter (actuator on a management port of its own, say) it is committed at
 * once. {@code HEAD} requests never drain.
 */
public final class ServletTraceSpansDelivery implements TraceSpansDelivery {

	@Override
	public boolean withoutDrain() {
		HttpServletRequest request = currentRequest();
		return request != null && "HEAD".equals(request.getMethod());
	}

	@Override
	public void deliver(SpanBatch batch) {
		HttpServletRequest request = currentRequest();
		if (request != null && request.getAttribute(TraceSpansResponseFilter.WATCHED) != null
				&& request.getAttribute(TraceSpansResponseFilter.BATCH) == null) {
			request.setAttribute(TraceSpansResponseFilter.BATCH, batch);
		}
		else {
			batch.commit();
		}
	}

	private static HttpServletRequest currentRequest() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes instanceof ServletRequestAttributes servlet) ? servlet.getRequest() : null;
	}

}
