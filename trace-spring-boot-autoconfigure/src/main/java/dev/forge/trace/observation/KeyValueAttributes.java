package dev.forge.trace.observation;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * An observation's key values, low cardinality then high, seen as a map for capture
 * without copying them into one: capture reads each entry once, so the iterator hands out
 * one reused entry, and the handler reuses one instance per thread, as capture keeps
 * nothing of it. Only for capture; not a general-purpose map.
 */
final class KeyValueAttributes extends AbstractMap<String, Object> {

	private KeyValues low;

	private KeyValues high;

	private int size;

	private String status;

	/** Points this map at an observation's key values; one instance serves a thread's stops. */
	KeyValueAttributes reset(KeyValues low, KeyValues high) {
		this.low = low;
		this.high = high;
		this.status = null;
		this.size = scan(low) + scan(high);
		return this;
	}

	/** Counts the key values, noting the HTTP status on the way (Spring's key, then OpenTelemetry's). */
	private int scan(KeyValues values) {
		int count = 0;
		for (KeyValue keyValue : values) {
			if (dropped(keyValue.getKey())) {
				continue;
			}
			count++;
			String key = keyValue.getKey();
			if (key.equals("status") || (this.status == null && key.equals("http.response.status_code"))) {
				this.status = keyValue.getValue();
			}
		}
		return count;
	}

	/**
	 * Bound parameters of JDBC statements (datasource-micrometer's {@code jdbc.params[n]}) are
	 * never stored: they are the values a query was run with.
	 */
	private static boolean dropped(String key) {
		return key.startsWith("jdbc.params");
	}

	/** The HTTP status among the key values, or {@code null}. */
	String status() {
		return this.status;
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

					private KeyValue next = advance();

					private KeyValue advance() {
						while (lows.hasNext() || highs.hasNext()) {
							KeyValue candidate = lows.hasNext() ? lows.next() : highs.next();
							if (!dropped(candidate.getKey())) {
								return candidate;
							}
						}
						return null;
					}

					@Override
					public boolean hasNext() {
						return this.next != null;
					}

					@Override
					public Map.Entry<String, Object> next() {
						if (this.next == null) {
							throw new NoSuchElementException();
						}
						entry.keyValue = this.next;
						this.next = advance();
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
			String value = this.keyValue.getValue();
			// A statement's text keeps its shape, not its literals (datasource-micrometer's jdbc.query[n]).
			return this.keyValue.getKey().startsWith("jdbc.query") ? SqlLiterals.mask(value) : value;
		}

		@Override
		public Object setValue(Object value) {
			throw new UnsupportedOperationException();
		}

	}

}
