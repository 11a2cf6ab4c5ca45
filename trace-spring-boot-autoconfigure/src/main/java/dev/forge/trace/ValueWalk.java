package dev.forge.trace;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One capture by {@link ValueCapture}: converts a value to JSON within the remaining
 * character budget and the depth limit, masking sensitive keys, and records what had to
 * be given up.
 */
final class ValueWalk {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final ValueCapture capture;

	private int budget;

	boolean truncated;

	boolean failed;

	ValueWalk(ValueCapture capture) {
		this.capture = capture;
		this.budget = capture.maxLength();
	}

	JsonNode convert(Object value, int depth) {
		if (value == null) {
			this.budget -= 4;
			return NODES.nullNode();
		}
		if (value instanceof JsonNode node) {
			return copy(node, depth);
		}
		if (value instanceof CharSequence || value instanceof Character) {
			return string(value.toString());
		}
		if (value instanceof Boolean bool) {
			this.budget -= 5;
			return NODES.booleanNode(bool);
		}
		if (value instanceof Number number) {
			return number(number);
		}
		if (value instanceof Enum<?> constant) {
			return string(constant.name());
		}
		if (value instanceof Optional<?> optional) {
			return convert(optional.orElse(null), depth);
		}
		boolean container = value instanceof Map || value instanceof Iterable || value.getClass().isArray();
		if (container && depth >= this.capture.maxDepth()) {
			this.truncated = true;
			return string("(nested deeper than " + this.capture.maxDepth() + ")");
		}
		if (value instanceof Map<?, ?> map) {
			return object(map, depth);
		}
		if (value instanceof Iterable<?> iterable) {
			int size = (value instanceof Collection<?> collection) ? collection.size() : -1;
			return array(iterable.iterator(), size, depth);
		}
		if (value.getClass().isArray()) {
			return array(new ArrayIterator(value), Array.getLength(value), depth);
		}
		if (ValueCapture.isJdkType(value.getClass())) {
			// Threads, streams, clocks and the like: walking their getters is neither safe nor useful.
			return string(String.valueOf(value));
		}
		return pojo(value, depth);
	}

	private JsonNode pojo(Object value, int depth) {
		JsonNode tree;
		try {
			tree = this.capture.mapper().valueToTree(value);
		}
		catch (Throwable ex) {
			ValueCapture.rethrowIfFatal(ex);
			this.failed = true;
			return ValueCapture.dropped(value.getClass().getName() + " could not be captured: " + ValueCapture.describe(ex));
		}
		return copy(tree, depth);
	}

	private JsonNode copy(JsonNode node, int depth) {
		if (node.isObject() || node.isArray()) {
			if (depth >= this.capture.maxDepth()) {
				this.truncated = true;
				return string("(nested deeper than " + this.capture.maxDepth() + ")");
			}
			if (node.isObject()) {
				return object(node.properties(), node.size(), depth);
			}
			return array(node.values().iterator(), node.size(), depth);
		}
		if (node.isString()) {
			return string(node.asString());
		}
		// Numbers, booleans, null, binary: immutable value nodes can be shared.
		this.budget -= 8;
		return node;
	}

	private JsonNode object(Map<?, ?> map, int depth) {
		return object(map.entrySet(), map.size(), depth);
	}

	private JsonNode object(Iterable<? extends Map.Entry<?, ?>> entries, int size, int depth) {
		ObjectNode object = NODES.objectNode();
		this.budget -= 2;
		int added = 0;
		for (Map.Entry<?, ?> entry : entries) {
			if (this.budget <= 0) {
				this.truncated = true;
				object.put("...", "(" + (size - added) + " more fields)");
				break;
			}
			String key = String.valueOf(entry.getKey());
			this.budget -= key.length() + 3;
			if (this.capture.isSensitive(key)) {
				this.budget -= ValueCapture.MASK.length();
				object.put(key, ValueCapture.MASK);
			}
			else {
				object.set(key, convert(entry.getValue(), depth + 1));
			}
			added++;
		}
		return object;
	}

	private JsonNode array(Iterator<?> elements, int size, int depth) {
		ArrayNode array = NODES.arrayNode();
		this.budget -= 2;
		int added = 0;
		while (elements.hasNext()) {
			if (this.budget <= 0) {
				this.truncated = true;
				array.add((size >= 0) ? "...(" + (size - added) + " more elements)" : "...(more elements)");
				break;
			}
			array.add(convert(elements.next(), depth + 1));
			added++;
			this.budget -= 1;
		}
		return array;
	}

	private JsonNode string(String text) {
		int room = Math.max(this.budget - 2, 0);
		if (text.length() <= room) {
			this.budget -= text.length() + 2;
			return NODES.stringNode(text);
		}
		this.truncated = true;
		int keep = room;
		if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
			keep--;
		}
		this.budget = 0;
		return NODES.stringNode(text.substring(0, keep) + "...(" + (text.length() - keep) + " more chars)");
	}

	private JsonNode number(Number number) {
		this.budget -= 8;
		if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
			return NODES.numberNode(number.intValue());
		}
		if (number instanceof Long longValue) {
			return NODES.numberNode(longValue.longValue());
		}
		if (number instanceof Double || number instanceof Float) {
			double value = number.doubleValue();
			// JSON has no NaN or infinities: keep them readable as strings.
			return Double.isFinite(value) ? NODES.numberNode(value) : NODES.stringNode(Double.toString(value));
		}
		if (number instanceof java.math.BigDecimal decimal) {
			return NODES.numberNode(decimal);
		}
		if (number instanceof java.math.BigInteger integer) {
			return NODES.numberNode(integer);
		}
		// AtomicLong, LongAdder and other Number types.
		return string(number.toString());
	}

	/** Iterates any array, primitive or not. */
	private static final class ArrayIterator implements Iterator<Object> {

		private final Object array;

		private final int length;

		private int index;

		ArrayIterator(Object array) {
			this.array = array;
			this.length = Array.getLength(array);
		}

		@Override
		public boolean hasNext() {
			return this.index < this.length;
		}

		@Override
		public Object next() {
			return Array.get(this.array, this.index++);
		}

	}

}
