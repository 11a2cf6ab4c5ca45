package dev.forge.trace.observation;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * An observation's key values, low cardinality then high, seen as a map for capture
 * without copying them into one: capture reads each entry once, so the iterator hands out
 * one reused entry. Only for capture; not a general-purpose map.
 */
final class KeyValueAttributes extends AbstractMap<String, Object> {

	private final KeyValues low;

	private final KeyValues high;

	private final int size;

	KeyValueAttributes(KeyValues low, KeyValues high) {
		this.low = low;
		this.high = high;
		int count = 0;
		for (KeyValue ignored : low) {
			count++;
		}
		for (KeyValue ignored : high) {
			count++;
		}
		this.size = count;
	}

	/** The value of a key, or {@code null}. */
	String value(String key) {
		for (KeyValues values : new KeyValues[] { this.low, this.high }) {
			for (KeyValue keyValue : values) {
				if (keyValue.getKey().equals(key)) {
					return keyValue.getValue();
				}
			}
		}
		return null;
	}

	@Override
	public int size() {
		return this.size;
	}

	@Override
	public Set<Map.Entry<String, Object>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public int size() {
				return KeyValueAttributes.this.size;
			}

			@Override
			public Iterator<Map.Entry<String, Object>> iterator() {
				Iterator<KeyValue> lows = KeyValueAttributes.this.low.iterator();
				Iterator<KeyValue> highs = KeyValueAttributes.this.high.iterator();
				Entry entry = new Entry();
				return new Iterator<>() {

					@Override
					public boolean hasNext() {
						return lows.hasNext() || highs.hasNext();
					}

					@Override
					public Map.Entry<String, Object> next() {
						entry.keyValue = lows.hasNext() ? lows.next() : highs.next();
						return entry;
					}

				};
			}

		};
	}

	private static final class Entry implements Map.Entry<String, Object> {

		private KeyValue keyValue;

		@Override
		public String getKey() {
			return this.keyValue.getKey();
		}

		@Override
		public Object getValue() {
			return this.keyValue.getValue();
		}

		@Override
		public Object setValue(Object value) {
			throw new UnsupportedOperationException();
		}

	}

}
