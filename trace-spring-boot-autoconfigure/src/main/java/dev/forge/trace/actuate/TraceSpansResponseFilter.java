package dev.forge.trace.actuate;

import java.io.IOException;

import dev.forge.trace.SpanBatch;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Settles the batch a drain of {@code /actuator/trace-spans} took once its response has
 * been written: committed when every byte reached the connection, given back (returned
 * first by the next drain) when the request failed or a write did, for example because
 * the client went away mid-body. Watches only requests under the actuator base path, and
 * gives the endpoint's responses the page's security headers.
 */
public final class TraceSpansResponseFilter extends OncePerRequestFilter {

	static final String WATCHED = TraceSpansResponseFilter.class.getName() + ".watched";

	static final String BATCH = TraceSpansResponseFilter.class.getName() + ".batch";

	private final String basePath;

	private final String pagePath;

	/**
	 * Creates a filter.
	 * @param basePath the actuator base path, such as {@code /actuator}
	 */
	public TraceSpansResponseFilter(String basePath) {
		this.basePath = basePath;
		this.pagePath = basePath + "/" + TraceSpansEndpoint.PATH;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !startsWithAfterContext(request, this.basePath);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (startsWithAfterContext(request, this.pagePath)) {
			TraceSpansPage.SECURITY_HEADERS.forEach(response::setHeader);
		}
		WriteWatchingResponse watched = new WriteWatchingResponse(response);
		request.setAttribute(WATCHED, Boolean.TRUE);
		boolean written = false;
		try {
			chain.doFilter(request, watched);
			// Push what the container still buffers, so a failure shows here and not later.
			watched.flushBuffer();
			written = !watched.failed;
		}
		finally {
			if (request.getAttribute(BATCH) instanceof SpanBatch batch) {
				if (written) {
					batch.commit();
				}
				else {
					batch.giveBack();
				}
			}
		}
	}

	// Asked on every request: compares in place rather than building the prefix.
	private static boolean startsWithAfterContext(HttpServletRequest request, String path) {
		String uri = request.getRequestURI();
		String context = request.getContextPath();
		return uri.startsWith(context) && uri.startsWith(path, context.length());
	}

	/** Remembers whether any write or flush of the response body failed. */
	private static final class WriteWatchingResponse extends HttpServletResponseWrapper {

		private boolean failed;

		private ServletOutputStream stream;

		WriteWatchingResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new WatchingStream(super.getOutputStream());
			}
			return this.stream;
		}

		@Override
		public void flushBuffer() throws IOException {
			try {
				super.flushBuffer();
			}
			catch (IOException ex) {
				this.failed = true;
				throw ex;
			}
		}

		@FunctionalInterface
		private interface IoAction {

			void run() throws IOException;

		}

		private final class WatchingStream extends ServletOutputStream {

			private final ServletOutputStream delegate;

			WatchingStream(ServletOutputStream delegate) {
				this.delegate = delegate;
			}

			@Override
			public void write(int b) throws IOException {
				watch(() -> this.delegate.write(b));
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				watch(() -> this.delegate.write(b, off, len));
			}

			@Override
			public void flush() throws IOException {
				watch(this.delegate::flush);
			}

			@Override
			public void close() throws IOException {
				watch(this.delegate::close);
			}

			private void watch(IoAction action) throws IOException {
				try {
					action.run();
				}
				catch (IOException ex) {
					WriteWatchingResponse.this.failed = true;
					throw ex;
				}
			}

			@Override
			public boolean isReady() {
				return this.delegate.isReady();
			}

			@Override
			public void setWriteListener(WriteListener listener) {
				this.delegate.setWriteListener(listener);
			}

		}

	}

}
