package dev.forge.trace.capture;

import java.util.Collection;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns attribute and result objects into compact JSON snapshots, at the call, within a
 * size limit in UTF-8 bytes and a depth limit, masking the values of sensitive keys.
 * Never throws for a bad value: what cannot be read is replaced by a marker object
 * {@code {"@dropped": "..."}}. The snapshot is kept as bytes, so the heap one value holds
 * is its JSON size (at most {@code maxLength} plus the room for cut markers) plus an
 * array header, whatever the shape of the object it came from. Internal to the tracer.
 */
public final class ValueCapture {

	/** What a masked value is replaced with. */
	public static final String MASK = "******";

	/** The key of the marker that replaces a value that could not be read. */
	public static final String DROPPED = "@dropped";

	/** Bytes past the limit that cut markers may take, and containers' closing brackets. */
	static final int MARKER_ROOM = 512;

	// One reusable walk and buffer per thread: a capture then allocates only its result.
	private static final ThreadLocal<ValueWalk> SCRATCH = ThreadLocal.withInitial(() -> new ValueWalk(new JsonSink()));

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
		.build();

	private final int maxLength;

	private final int maxDepth;

	private final SensitiveKeys keys;

	private final ClassValue<BeanShape> shapes = new ClassValue<>() {

		@Override
		protected BeanShape computeValue(Class<?> type) {
			return BeanShape.of(type, MAPPER, ValueCapture.this.keys);
		}

	};

	/**
	 * Creates a capture.
	 * @param maxLength the most UTF-8 bytes of JSON a value may take before it is cut
	 * @param maxDepth the deepest nesting kept
	 * @param additionalMaskedKeys words that make a key sensitive besides the defaults
	 */
	public ValueCapture(int maxLength, int maxDepth, Collection<String> additionalMaskedKeys) {
		this.maxLength = maxLength;
		this.maxDepth = maxDepth;
		this.keys = new SensitiveKeys(additionalMaskedKeys);
	}

	/**
	 * Captures a value.
	 * @param value any value, or {@code null}
	 * @return the snapshot; {@link Captured#NONE} for {@code null}
	 */
	public Captured capture(Object value) {
		if (value == null) {
			return Captured.NONE;
		}
		ValueWalk scratch = SCRATCH.get();
		// A getter or toString() being captured may itself capture: that one gets a walk of its own.
		ValueWalk walk = scratch.claim() ? scratch : new ValueWalk(new JsonSink());
		try {
			byte[] json = walk.run(this, value);
			return new Captured(json, walk.truncated, walk.failed, walk.error);
		}
		finally {
			if (walk == scratch) {
				scratch.release();
			}
		}
	}

	/**
	 * Whether a value under this key is masked.
	 * @param key a map key, property name or query parameter name
	 * @return whether it is sensitive
	 */
	public boolean isSensitive(String key) {
		return this.keys.isSensitive(key);
	}

	/**
	 * Reads a snapshot back as a tree.
	 * @param json the snapshot's bytes, or {@code null}
	 * @return a new tree, or {@code null} for {@code null}
	 */
	public static JsonNode toNode(byte[] json) {
		return (json != null) ? MAPPER.readTree(json) : null;
	}

	/**
	 * Captures a {@link JsonNode} without limits, for records built by hand.
	 * @param node a tree, or {@code null}
	 * @return its JSON bytes, or {@code null}
	 */
	public static byte[] toJson(JsonNode node) {
		return (node != null) ? MAPPER.writeValueAsBytes(node) : null;
	}

	/**
	 * The most bytes one captured value can take: the limit, the room for cut markers, and
	 * two bytes per level of nesting for closing brackets.
	 * @return the bound in bytes of JSON
	 */
	public int maxEncodedLength() {
		return this.maxLength + MARKER_ROOM + 64 + 2 * this.maxDepth;
	}

	int maxLength() {
		return this.maxLength;
	}

	int maxDepth() {
		return this.maxDepth;
	}

	SensitiveKeys keys() {
		return this.keys;
	}

	BeanShape shapeOf(Class<?> type) {
		return this.shapes.get(type);
	}

	JsonMapper mapper() {
		return MAPPER;
	}

	static boolean isJdkType(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.") || name.startsWith("com.sun.");
	}

	/** Out of memory and JVM failures are not ours to hide; a stack overflow is. */
	static void rethrowIfFatal(Throwable ex) {
		if (ex instanceof VirtualMachineError error && !(ex instanceof StackOverflowError)) {
			throw error;
		}
	}

	static String describe(Throwable ex) {
		Throwable cause = ex;
		// Jackson wraps a getter's exception; the user wants the getter's.
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		String text = cause.getClass().getName() + ((message != null) ? ": " + message : "");
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

}
