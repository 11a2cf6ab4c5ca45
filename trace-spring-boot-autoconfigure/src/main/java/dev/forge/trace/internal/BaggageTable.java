package dev.forge.trace.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The baggage of local traces: for each trace that has some, the value of each allowed
 * field, kept while its root is open (a trace's spans on other threads read it through
 * their root) and forgotten when the root ends. Values are copied on write, so a reader
 * never sees half an update. Bounded: at most {@link #MAX_TRACES} traces and
 * {@value #MAX_CHARS} characters of values per trace; what does not fit is not kept and
 * counted.
 */
final class BaggageTable {

	/** The most characters of values one trace carries: the W3C header's limit, in bytes, is 8,192. */
	static final int MAX_CHARS = 1024;

	/** The most traces with baggage held at once. */
	static final int MAX_TRACES = 10_000;

	private final List<String> fields;

	private final Map<Long, String[]> values = new ConcurrentHashMap<>();

	private final LongAdder notKept = new LongAdder();

	BaggageTable(List<String> fields) {
		this.fields = List.copyOf(fields);
	}

	List<String> fields() {
		return this.fields;
	}

	/**
	 * The position of a field about to be set by the application.
	 * @param table the table, or {@code null} when no field is carried
	 * @throws IllegalArgumentException for a field not carried, or a value too long
	 */
	static int checkedIndex(@Nullable BaggageTable table, String field, @Nullable String value) {
		int index = (table != null) ? table.indexOf(field) : -1;
		if (index < 0) {
			throw new IllegalArgumentException("'" + field + "' is not a baggage field: only those of "
					+ "trace.baggage.remote-fields are carried, now " + ((table != null) ? table.fields : List.of()));
		}
		if (value != null && value.length() > MAX_CHARS) {
			throw new IllegalArgumentException("A baggage value is at most " + MAX_CHARS + " characters, was "
					+ value.length());
		}
		return index;
	}

	/** @return the field's position, or -1 when it is not carried */
	int indexOf(String field) {
		return this.fields.indexOf(field);
	}

	/**
	 * The values of a trace by field position, {@code null} where unset; never modified.
	 * @return the values, or {@code null} when the trace has none
	 */
	String @Nullable [] values(long rootId) {
		return this.values.isEmpty() ? null : this.values.get(rootId);
	}

	@Nullable String value(long rootId, int index) {
		String[] values = values(rootId);
		return (values != null) ? values[index] : null;
	}

	/**
	 * Sets (or with {@code null}, removes) one field of a trace.
	 * @return whether it was kept; when not, it is counted
	 */
	boolean set(long rootId, int index, @Nullable String value) {
		boolean[] kept = { true };
		this.values.compute(rootId, (id, old) -> {
			String[] updated = (old != null) ? Arrays.copyOf(old, old.length) : new String[this.fields.size()];
			updated[index] = value;
			if (length(updated) > MAX_CHARS || (old == null && this.values.size() >= MAX_TRACES)) {
				kept[0] = false;
				return old;
			}
			return isEmpty(updated) ? null : updated;
		});
		if (!kept[0]) {
			this.notKept.increment();
		}
		return kept[0];
	}

	/** Gives a new root the values it came with (a request's or a message's). */
	void putAll(long rootId, String[] values) {
		if (length(values) > MAX_CHARS || this.values.size() >= MAX_TRACES) {
			this.notKept.increment();
			return;
		}
		if (!isEmpty(values)) {
			this.values.put(rootId, values.clone());
		}
	}

	/** The root ended: its trace's baggage goes. */
	void rootEnded(long rootId) {
		if (!this.values.isEmpty()) {
			this.values.remove(rootId);
		}
	}

	/** @return values not kept because they did not fit */
	long notKept() {
		return this.notKept.sum();
	}

	private static int length(String[] values) {
		int length = 0;
		for (String value : values) {
			length += (value != null) ? value.length() : 0;
		}
		return length;
	}

	private static boolean isEmpty(String[] values) {
		for (String value : values) {
			if (value != null) {
				return false;
			}
		}
		return true;
	}

}
