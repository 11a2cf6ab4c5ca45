package dev.forge.trace.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Duration statistics per span name for one stripe, for at most a fixed number of names;
 * the others share one bucket. Not thread-safe: guarded by its stripe's lock.
 */
class NameStatsTable extends LeadingPadding {

	private final Map<String, DurationStats> byName = new HashMap<>();

	private final DurationStats otherNames = new DurationStats.Padded();

	private final int maxNames;

	// The last name's statistics: a thread usually ends spans of one name in a row.
	private String lastName;

	private DurationStats lastStats;

	NameStatsTable(int maxNames) {
		this.maxNames = maxNames;
	}

	/** Records a duration, a local root's also among the recent roots; returns the name's statistics. */
	DurationStats record(String name, long durationNanos, boolean error, boolean root) {
		DurationStats stats = statsFor(name);
		stats.record(durationNanos, error, root);
		return stats;
	}

	/** Adds these statistics into {@code totals}; names past the limit into {@code other}. */
	void addTo(Map<String, DurationStats> totals, DurationStats other) {
		this.byName.forEach((name, stats) -> stats.addTo(totals.computeIfAbsent(name, (key) -> new DurationStats())));
		this.otherNames.addTo(other);
	}

	private DurationStats statsFor(String name) {
		if (name != this.lastName) {
			this.lastStats = lookUp(name);
			this.lastName = name;
		}
		return this.lastStats;
	}

	private DurationStats lookUp(String name) {
		DurationStats stats = this.byName.get(name);
		if (stats == null) {
			if (this.byName.size() >= this.maxNames) {
				return this.otherNames;
			}
			stats = new DurationStats.Padded();
			this.byName.put(name, stats);
		}
		return stats;
	}

	/** A table with padding after its fields, which change whenever the span name does; see {@link LeadingPadding}. */
	static final class Padded extends NameStatsTable {

		long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

		Padded(int maxNames) {
			super(maxNames);
		}

	}

}
