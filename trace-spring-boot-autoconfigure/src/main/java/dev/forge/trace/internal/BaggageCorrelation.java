package dev.forge.trace.internal;

import java.util.List;

/**
 * The baggage fields log lines carry, under their own names, and where their values are.
 *
 * @param table the traces' baggage
 * @param names the fields' names, the keys in the MDC
 * @param indexes each field's position in the table
 */
record BaggageCorrelation(BaggageTable table, String[] names, int[] indexes) {

	static BaggageCorrelation of(BaggageTable table, List<String> fields) {
		return new BaggageCorrelation(table, fields.toArray(String[]::new),
				fields.stream().mapToInt(table::indexOf).toArray());
	}

}
