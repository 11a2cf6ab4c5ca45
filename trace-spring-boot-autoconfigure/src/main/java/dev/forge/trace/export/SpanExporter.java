package dev.forge.trace.export;

import java.util.List;

import dev.forge.trace.SpanRecord;

/**
 * A destination for drained spans. The {@link ExportDrainer} hands each batch it drains
 * to every exporter, on a thread of that exporter's own, so an exporter may block (up to
 * its timeout) without holding up the application or the other exporters. Declare one as
 * a bean and it is driven like the built-in ones.
 */
public interface SpanExporter {

	/**
	 * The exporter's name, in logs, meters and the {@code stats} view.
	 * @return a short name such as {@code zipkin}
	 */
	String name();

	/**
	 * Sends a batch. Throw {@link ExportException#retryable} when trying again later can
	 * help (the destination is down, overloaded or asked to wait); any other exception
	 * drops the batch at once.
	 * @param spans the spans, oldest first
	 * @throws Exception when the batch was not delivered
	 */
	void export(List<SpanRecord> spans) throws Exception;

	/**
	 * Releases resources at shutdown, after the last batch.
	 */
	default void close() {
	}

}
