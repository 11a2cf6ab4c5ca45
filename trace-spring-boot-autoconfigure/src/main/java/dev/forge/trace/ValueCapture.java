package dev.forge.trace;

import java.util.Locale;

import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns attribute and result objects into immutable JSON snapshots, within a character
 * budget and a depth limit, masking values whose keys look sensitive. Never throws for
 * a bad value: what cannot be serialized is replaced by a marker object
 * {@code {"@dropped": "..."}}.
 */
final class ValueCapture {

	static final String MASK = "******";

	static final String DROPPED = "@dropped";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	// Deep enough for real objects; shallow enough to stop a cyclic graph long before the stack.
	private static final int MAX_SERIALIZER_DEPTH = 200;

	private final JsonMapper mapper;

	private final int maxLength;

	private final int maxDepth;

	private final String[] maskedKeys;

	ValueCapture(TraceOptions options) {
		this.maxLength = options.maxValueLength();
		this.maxDepth = options.maxValueDepth();
		this.maskedKeys = options.maskedKeys().toArray(String[]::new);
		JsonFactory factory = JsonFactory.builder()
			.streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_SERIALIZER_DEPTH).build())
			.build();
		this.mapper = JsonMapper.builder(factory).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
	}

	Captured capture(Object value) {
		if (value == null) {
			return Captured.NONE;
		}
		ValueWalk walk = new ValueWalk(this);
		try {
			return new Captured(walk.convert(value, 0), walk.truncated, walk.failed);
		}
		catch (Throwable ex) {
			// A Map, Iterable or toString() of the user's that throws while being read.
			rethrowIfFatal(ex);
			return new Captured(dropped(value.getClass().getName() + " could not be captured: " + describe(ex)),
					walk.truncated, true);
		}
	}

	boolean isSensitive(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		for (String word : this.maskedKeys) {
			if (lower.endsWith(word)) {
				return true;
			}
		}
		return false;
	}

	static ObjectNode dropped(String reason) {
		ObjectNode marker = NODES.objectNode();
		marker.put(DROPPED, reason);
		return marker;
	}

	JsonMapper mapper() {
		return this.mapper;
	}

	int maxLength() {
		return this.maxLength;
	}

	int maxDepth() {
		return this.maxDepth;
	}

	static boolean isJdkType(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
				|| name.startsWith("sun.") || name.startsWith("com.sun.");
	}

	/** Out of memory and JVM failures are not ours to hide; a stack overflow from a cycle is. */
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
