package dev.forge.trace.export;

import java.nio.charset.StandardCharsets;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceIds;

/**
 * A span's attributes and result as the tracing formats' tags, flattened with dots
 * ({@code user.id}); a result's keys are prefixed with {@code result.}. An instance serves
 * one batch on one thread: it reads each snapshot in one pass and makes each key and short
 * value once for the batch, as a batch repeats them. Its {@link #ids()} are the batch's
 * trace and span ids.
 */
public final class SpanTags {

	private final FlatJsonReader reader = new FlatJsonReader();

	private final ErrorWatch errorWatch = new ErrorWatch();

	private final SpanIds ids;

	/**
	 * Creates the tags of one batch.
	 * @param traceIds the tracer's ids, as {@code TraceService.traceIds()}
	 */
	public SpanTags(TraceIds traceIds) {
		this.ids = new SpanIds(traceIds);
	}

	/** @return the batch's trace and span ids */
	public SpanIds ids() {
		return this.ids;
	}

	/**
	 * Flattens a span's attributes and result into tags, streaming over their JSON text.
	 * Numbers and booleans keep their type for formats that have typed values; arrays are
	 * their JSON text. A snapshot that cannot be read is one tag holding its text.
	 * @param record the span
	 * @param visitor where the tags go
	 * @return the failure the span recorded ({@code error} of its result, as
	 * {@code @Traced} and the observation bridge record it), or {@code null} when it did
	 * not fail
	 */
	public String flatten(SpanRecord record, TagVisitor visitor) {
		read(record.attributesJson(), "", visitor);
		ErrorWatch watch = this.errorWatch;
		watch.delegate = visitor;
		watch.error = null;
		read(record.resultJson(), "result", watch);
		watch.delegate = null;
		return watch.error;
	}

	private void read(byte[] json, String root, TagVisitor visitor) {
		if (json == null || json.length == 0) {
			return;
		}
		try {
			this.reader.read(json, root, visitor);
		}
		catch (RuntimeException ex) {
			// Snapshots are well-formed JSON; should one not be, its text is kept as is.
			visitor.string(root.isEmpty() ? "attributes" : root, new String(json, StandardCharsets.UTF_8));
		}
	}

	/**
	 * Receives flattened tags. Formats whose tags are strings implement
	 * {@link #string(String, String)} only.
	 */
	public interface TagVisitor {

		/**
		 * A string tag, or any tag for formats without typed values.
		 * @param key the dotted key
		 * @param value the value; {@code "null"} for a JSON null, JSON text for an array
		 */
		void string(String key, String value);

		/**
		 * Whether this visitor takes integers as {@link #integer(String, long)} rather than as
		 * text, sparing a string per number.
		 * @return {@code true} for formats with typed values
		 */
		default boolean typed() {
			return false;
		}

		/**
		 * An integer tag that fits in a long, for {@link #typed() typed} visitors.
		 * @param key the dotted key
		 * @param value the value
		 */
		default void integer(String key, long value) {
			number(key, Long.toString(value), true);
		}

		/**
		 * A number tag.
		 * @param key the dotted key
		 * @param text the number as JSON wrote it
		 * @param integer whether it has no fraction and no exponent
		 */
		default void number(String key, String text, boolean integer) {
			string(key, text);
		}

		/**
		 * A boolean tag.
		 * @param key the dotted key
		 * @param value the value
		 */
		default void bool(String key, boolean value) {
			string(key, value ? "true" : "false");
		}

	}

	/** Passes tags on and keeps the result's {@code error} message. */
	private static final class ErrorWatch implements TagVisitor {

		private TagVisitor delegate;

		private String error;

		@Override
		public void string(String key, String value) {
			if (key.equals("result.error")) {
				this.error = value;
			}
			this.delegate.string(key, value);
		}

		@Override
		public void number(String key, String text, boolean integer) {
			if (key.equals("result.error")) {
				this.error = text;
			}
			this.delegate.number(key, text, integer);
		}

		@Override
		public boolean typed() {
			return this.delegate.typed();
		}

		@Override
		public void integer(String key, long value) {
			if (key.equals("result.error")) {
				this.error = Long.toString(value);
			}
			this.delegate.integer(key, value);
		}

		@Override
		public void bool(String key, boolean value) {
			if (key.equals("result.error")) {
				this.error = Boolean.toString(value);
			}
			this.delegate.bool(key, value);
		}

	}

}
