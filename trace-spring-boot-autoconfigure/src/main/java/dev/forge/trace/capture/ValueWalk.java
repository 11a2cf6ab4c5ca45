package dev.forge.trace.capture;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.stream.BaseStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.POJONode;

/**
 * A capture by {@link ValueCapture}, reused by one thread for its captures: writes a value
 * as JSON into a {@link JsonSink},
 * checking the exact number of bytes written before each element, masking sensitive keys,
 * and recording what had to be given up. Never iterates anything but collections, maps and
 * arrays, so a one-shot {@code Iterable}, an iterator or a stream is described, not consumed.
 */
final class ValueWalk {

	private final JsonSink out;

	private ValueCapture capture;

	private int limit;

	boolean truncated;

	boolean failed;

	boolean error;

	ValueWalk(JsonSink out) {
		this.out = out;
	}

	/** Takes this walk and its sink for one capture; false when a capture already holds them. */
	boolean claim() {
		return this.out.claim();
	}

	void release() {
		this.capture = null;
		this.out.release();
	}

	byte[] run(ValueCapture capture, Object value) {
		this.capture = capture;
		this.limit = capture.maxLength();
		this.truncated = false;
		this.failed = false;
		this.error = false;
		this.out.reset(0);
		try {
			value(value, 0);
		}
		catch (Throwable ex) {
			// A Map, Collection or toString() of the user's that throws while being read.
			ValueCapture.rethrowIfFatal(ex);
			this.out.reset(0);
			this.failed = true;
			dropped(value.getClass().getName() + " could not be captured: " + describe(ex));
		}
		if (this.out.size() > this.capture.maxEncodedLength()) {
			// Cannot happen by construction; the bound is a promise, so keep it even then.
			this.out.reset(0);
			this.truncated = true;
			dropped("value exceeded " + this.capture.maxEncodedLength() + " bytes");
		}
		return this.out.toByteArray();
	}

	private void value(Object value, int depth) {
		if (value == null) {
			this.out.ascii("null");
		}
		else if (value instanceof JsonNode node) {
			node(node, depth);
		}
		else if (value instanceof String text) {
			string(this.capture.keys().maskUrl(text, ValueCapture.MASK));
		}
		else if (value instanceof CharSequence || value instanceof Character) {
			string(value.toString());
		}
		else if (value instanceof Boolean bool) {
			this.out.ascii(bool.toString());
		}
		else if (value instanceof Number number) {
			number(number);
		}
		else if (value instanceof Enum<?> constant) {
			string(constant.name());
		}
		else if (value instanceof Optional<?> optional) {
			value(optional.orElse(null), depth);
		}
		else if (value instanceof Path path) {
			// A Path is an Iterable of its own names: it is a string to the user.
			string(path.toString());
		}
		else if (value instanceof Map.Entry<?, ?> entry) {
			if (nested(depth)) {
				this.out.write('{');
				field(String.valueOf(entry.getKey()), entry.getValue(), depth, false);
				this.out.write('}');
			}
		}
		else if (value instanceof Map<?, ?> map) {
			if (nested(depth)) {
				map(map, depth);
			}
		}
		else if (value instanceof Collection<?> collection) {
			if (nested(depth)) {
				elements(collection.iterator(), collection.size(), depth);
			}
		}
		else if (value.getClass().isArray()) {
			array(value, depth);
		}
		else if (value instanceof Iterable || value instanceof Iterator || value instanceof BaseStream
				|| value instanceof Enumeration || value instanceof Spliterator) {
			// Reading it could consume it (a DirectoryStream, a single-use Iterable): describe it.
			string(ValueCapture.isJdkType(value.getClass()) ? String.valueOf(value)
					: "(" + value.getClass().getName() + ", not iterated)");
		}
		else if (ValueCapture.isJdkType(value.getClass())) {
			// Threads, clocks, dates and the like: walking their getters is neither safe nor useful.
			string(String.valueOf(value));
		}
		else {
			bean(value, depth);
		}
	}

	private void node(JsonNode node, int depth) {
		if (node instanceof POJONode pojo) {
			// The wrapped object is read now, masked and limited like any other value.
			value(pojo.getPojo(), depth);
		}
		else if (node.isObject()) {
			if (nested(depth)) {
				this.out.write('{');
				int added = 0;
				for (Map.Entry<String, JsonNode> property : node.properties()) {
					if (full()) {
						moreFields(node.size() - added);
						break;
					}
					field(property.getKey(), property.getValue(), depth, false);
					added++;
				}
				this.out.write('}');
			}
		}
		else if (node.isArray()) {
			if (nested(depth)) {
				elements(node.values().iterator(), node.size(), depth);
			}
		}
		else if (node.isString()) {
			value(node.asString(), depth);
		}
		else if (node.isBinary()) {
			binary(node.binaryValue());
		}
		else if (node.isNumber()) {
			number(node.numberValue());
		}
		else if (node.isBoolean()) {
			this.out.ascii(node.booleanValue() ? "true" : "false");
		}
		else {
			// Null and missing nodes.
			this.out.ascii("null");
		}
	}

	private void bean(Object value, int depth) {
		BeanShape shape = this.capture.shapeOf(value.getClass());
		if (shape == BeanShape.NOT_A_BEAN) {
			// @JsonValue or a serializer of its own: let Jackson write it, then limit the tree.
			JsonNode tree;
			try {
				tree = this.capture.mapper().valueToTree(value);
			}
			catch (Throwable ex) {
				ValueCapture.rethrowIfFatal(ex);
				this.failed = true;
				dropped(value.getClass().getName() + " could not be captured: " + describe(ex));
				return;
			}
			node(tree, depth);
			return;
		}
		if (!nested(depth)) {
			return;
		}
		this.out.write('{');
		for (int i = 0; i < shape.writers.length; i++) {
			if (full()) {
				moreFields(shape.writers.length - i);
				break;
			}
			Object property;
			try {
				property = shape.sensitive[i] ? null : shape.writers[i].get(value);
			}
			catch (Throwable ex) {
				ValueCapture.rethrowIfFatal(ex);
				this.failed = true;
				comma();
				key(shape.names[i]);
				dropped(value.getClass().getName() + "." + shape.names[i] + " could not be captured: "
						+ describe(ex));
				continue;
			}
			field(shape.names[i], property, depth, shape.sensitive[i]);
		}
		this.out.write('}');
	}

	private void map(Map<?, ?> map, int depth) {
		this.out.write('{');
		int added = 0;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (full()) {
				moreFields(map.size() - added);
				break;
			}
			field(String.valueOf(entry.getKey()), entry.getValue(), depth, false);
			added++;
		}
		this.out.write('}');
	}

	/** Writes {@code "key":value}, preceded by a comma unless it opens its object. */
	private void field(String key, Object value, int depth, boolean sensitive) {
		comma();
		key(key);
		boolean error = depth == 0 && "error".equals(key);
		if (error) {
			this.error = true;
		}
		if (sensitive || this.capture.keys().isSensitive(key)) {
			this.out.string(ValueCapture.MASK, ValueCapture.MASK.length());
		}
		else if (error && value instanceof String message) {
			// An exception's message may quote what it failed on: password=..., "token": "...".
			string(this.capture.keys().maskPairs(message, ValueCapture.MASK));
		}
		else {
			value(value, depth + 1);
		}
	}

	/** A failure's description, with sensitive pairs in its message masked. */
	private String describe(Throwable ex) {
		return this.capture.keys().maskPairs(ValueCapture.describe(ex), ValueCapture.MASK);
	}

	private void key(String key) {
		string(key);
		this.out.write(':');
	}

	/** A comma, unless this element opens its container. */
	private void comma() {
		byte last = this.out.lastByte();
		if (last != '{' && last != '[') {
			this.out.write(',');
		}
	}

	private void elements(Iterator<?> elements, int size, int depth) {
		this.out.write('[');
		int added = 0;
		while (elements.hasNext()) {
			if (full()) {
				this.truncated = true;
				if (markerRoom()) {
					comma();
					this.out.ascii("\"...(" + ((size >= 0) ? (size - added) + " more elements)\"" : "more elements)\""));
				}
				break;
			}
			comma();
			value(elements.next(), depth + 1);
			added++;
		}
		this.out.write(']');
	}

	private void array(Object array, int depth) {
		if (array instanceof byte[] bytes) {
			binary(bytes);
		}
		else if (array instanceof char[] chars) {
			string(new String(chars));
		}
		else if (nested(depth)) {
			int length = Array.getLength(array);
			elements(new Iterator<>() {

				private int index;

				@Override
				public boolean hasNext() {
					return this.index < length;
				}

				@Override
				public Object next() {
					return Array.get(array, this.index++);
				}

			}, length, depth);
		}
	}

	private void number(Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
			this.out.ascii(number.toString());
		}
		else if (number instanceof Double || number instanceof Float) {
			double value = number.doubleValue();
			// JSON has no NaN or infinities: keep them readable as strings.
			if (Double.isFinite(value)) {
				this.out.ascii(number.toString());
			}
			else {
				string(number.toString());
			}
		}
		else if (number instanceof BigInteger || number instanceof BigDecimal) {
			BigInteger unscaled = (number instanceof BigDecimal decimal) ? decimal.unscaledValue() : (BigInteger) number;
			// Printing a huge number is itself costly: judge its size by its bits first.
			long digits = (long) (unscaled.bitLength() * 0.30103) + 1;
			if (digits + 24 > room()) {
				this.truncated = true;
				string("(" + number.getClass().getSimpleName() + " of about " + digits + " digits)");
			}
			else {
				this.out.ascii(number.toString());
			}
		}
		else {
			// AtomicLong, LongAdder and other Number types.
			string(number.toString());
		}
	}

	private void binary(byte[] bytes) {
		int fit = Math.max(0, room() - 2) / 4 * 3;
		if (bytes.length <= fit) {
			string(Base64.getEncoder().encodeToString(bytes));
			return;
		}
		this.truncated = true;
		String prefix = Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, fit));
		this.out.string(prefix + "...(" + (bytes.length - fit) + " more bytes)", Integer.MAX_VALUE);
	}

	private void string(String text) {
		if (this.out.string(text, room() - 2)) {
			this.truncated = true;
		}
	}

	private void dropped(String reason) {
		this.out.write('{');
		this.out.string(ValueCapture.DROPPED, Integer.MAX_VALUE);
		this.out.write(':');
		this.out.string(reason, Integer.MAX_VALUE);
		this.out.write('}');
	}

	private void moreFields(int more) {
		this.truncated = true;
		if (markerRoom()) {
			comma();
			this.out.ascii("\"...\":\"(" + more + " more fields)\"");
		}
	}

	/** Whether a container may open at this depth; if not, writes the marker instead. */
	private boolean nested(int depth) {
		if (depth < this.capture.maxDepth()) {
			return true;
		}
		this.truncated = true;
		string("(nested deeper than " + this.capture.maxDepth() + ")");
		return false;
	}

	private int room() {
		return Math.max(0, this.limit - this.out.size());
	}

	private boolean full() {
		return this.out.size() >= this.limit;
	}

	private boolean markerRoom() {
		return this.out.size() < this.limit + ValueCapture.MARKER_ROOM;
	}

}
