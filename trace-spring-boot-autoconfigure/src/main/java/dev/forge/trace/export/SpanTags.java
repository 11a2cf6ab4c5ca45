package dev.forge.trace.export;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import dev.forge.trace.SpanRecord;

/**
 * What the tracing formats share: 128-bit trace ids, hex span ids and flattened tags. A
 * span's trace id joins a random value of its tracer ({@code TraceService.traceIdHigh()},
 * high 64 bits) to its root id (low 64 bits), so traces of several instances or restarts
 * never collide; its span id is its id. Attributes and results become tags flattened with dots ({@code user.id}); a
 * result's keys are prefixed with {@code result.}.
 * <p>
 * An instance serves one batch on one thread: it reads each snapshot in one pass and
 * makes each id, key and short value once for the batch, as a batch repeats them.
 */
public final class SpanTags {

	private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final SecureRandom RANDOM = new SecureRandom();

	// A child names its parent's id and ends just before it, so a small window suffices.
	private static final int ID_SLOTS = 256;

	private final FlatJsonReader reader = new FlatJsonReader();

	private final ErrorWatch errorWatch = new ErrorWatch();

	private final long[] ids = new long[ID_SLOTS];

	private final String[] idHex = new String[ID_SLOTS];

	private final long[] roots = new long[ID_SLOTS];

	private final String[] traceHex = new String[ID_SLOTS];

	private final byte[] scratch = new byte[32];

	/**
	 * Creates the tags of one batch.
	 * @param traceIdHigh the high 64 bits of its trace ids, as {@code TraceService.traceIdHigh()}
	 */
	public SpanTags(long traceIdHigh) {
		writeHex(traceIdHigh, this.scratch, 0);
	}

	/**
	 * A random value for the high bits of trace ids, for exporters made without a tracer's.
	 * @return a random value, never 0
	 */
	public static long randomTraceIdHigh() {
		return RANDOM.nextLong() | 1L;
	}

	/**
	 * A span id as 16 hex digits.
	 * @param id the id
	 * @return the hex id
	 */
	public static String hex(long id) {
		byte[] digits = new byte[16];
		writeHex(id, digits, 0);
		return new String(digits, StandardCharsets.ISO_8859_1);
	}

	private static void writeHex(long id, byte[] out, int offset) {
		for (int i = offset + 15; i >= offset; i--) {
			out[i] = HEX_DIGITS[(int) (id & 0xF)];
			id >>>= 4;
		}
	}

	/**
	 * {@link #hex(long)}, made once per id in this batch (a child names its parent's id).
	 * @param id the id, never 0
	 * @return the hex id
	 */
	public String spanId(long id) {
		int slot = slot(id);
		if (this.ids[slot] != id) {
			this.ids[slot] = id;
			writeHex(id, this.scratch, 16);
			this.idHex[slot] = new String(this.scratch, 16, 16, StandardCharsets.ISO_8859_1);
		}
		return this.idHex[slot];
	}

	/**
	 * The trace id of the spans under a root, as 32 hex digits, made once per root in this
	 * batch.
	 * @param rootId the root id ({@link SpanRecord#rootId()}), never 0
	 * @return the trace id
	 */
	public String traceId(long rootId) {
		int slot = slot(rootId);
		if (this.roots[slot] != rootId) {
			this.roots[slot] = rootId;
			writeHex(rootId, this.scratch, 16);
			this.traceHex[slot] = new String(this.scratch, 0, 32, StandardCharsets.ISO_8859_1);
		}
		return this.traceHex[slot];
	}

	private static int slot(long id) {
		return (int) (id ^ (id >>> 32)) & (ID_SLOTS - 1);
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
