package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.forge.trace.OrphanRoot;
import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceIds;

/**
 * Counts the internal local roots that look like lost hand-overs, per name and kind of
 * thread. Only roots are looked at, and only internal ones with no remote parent: requests,
 * messages and remote children never get here, so the span path pays one comparison. Roots
 * started on purpose (a scheduled run) are {@linkplain #expect expected}; nothing is counted
 * before {@link #startCounting} (the application's startup and its runners are their own
 * roots), nor on the thread that started the application (its {@code main} goes on with
 * work of its own). Bounded: {@value #MAX_ENTRIES} entries, the rest in one entry.
 */
final class OrphanRoots {

	static final int MAX_ENTRIES = 64;

	static final String OTHER_NAMES = "(other names)";

	// Expected roots not yet ended; a leaked one (never ended) is forgotten when the set fills.
	private static final int MAX_EXPECTED = 4096;

	private final Set<Long> expected = ConcurrentHashMap.newKeySet();

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private volatile boolean counting;

	// Whether a root was ever expected: a plain read, where the set's isEmpty sums its counter cells.
	private volatile boolean expecting;

	// The thread that started the application: its roots are the application's own work.
	private volatile long starterThreadId;

	/**
	 * From now on, roots are counted, but those on {@code starter}.
	 * @param starter the thread that started the application
	 */
	void startCounting(Thread starter) {
		this.starterThreadId = starter.getId();
		this.counting = true;
	}

	/** The root {@code id} is its own trace on purpose, such as a scheduled run. */
	void expect(long id) {
		if (this.expected.size() >= MAX_EXPECTED) {
			this.expected.clear();
		}
		this.expected.add(id);
		this.expecting = true;
	}

	/**
	 * An internal local root ended.
	 * @param record the root's record
	 * @param traceIds where a remote parent would be remembered
	 */
	void ended(SpanRecord record, TraceIds traceIds) {
		if (!this.counting) {
			// Benchmarks and applications still starting pay this read and nothing else.
			if (this.expecting) {
				this.expected.remove(record.id());
			}
			return;
		}
		if ((this.expecting && this.expected.remove(record.id())) || record.threadId() == this.starterThreadId
				|| traceIds.remoteParent(record.id()) != null) {
			return;
		}
		String threads = threads(record.threadName());
		String key = record.name() + '\n' + threads;
		Entry entry = this.entries.get(key);
		if (entry == null) {
			entry = (this.entries.size() < MAX_ENTRIES - 1)
					? this.entries.computeIfAbsent(key, (k) -> new Entry(record.name(), threads))
					: this.entries.computeIfAbsent(OTHER_NAMES, (k) -> new Entry(OTHER_NAMES, "#"));
		}
		entry.add(record);
	}

	/** The entries, most frequent first. */
	List<OrphanRoot> snapshot() {
		List<OrphanRoot> roots = new ArrayList<>();
		this.entries.values().forEach((entry) -> roots.add(entry.snapshot()));
		roots.sort(Comparator.comparingLong(OrphanRoot::count).reversed().thenComparing(OrphanRoot::name));
		return roots;
	}

	/** A thread's name with every run of digits as {@code #}: one entry per pool, not per thread. */
	static String threads(String threadName) {
		StringBuilder pattern = new StringBuilder(threadName.length());
		for (int i = 0; i < threadName.length(); i++) {
			char c = threadName.charAt(i);
			if (c >= '0' && c <= '9') {
				if (pattern.isEmpty() || pattern.charAt(pattern.length() - 1) != '#') {
					pattern.append('#');
				}
			}
			else {
				pattern.append(c);
			}
		}
		return pattern.toString();
	}

	private static final class Entry {

		private final String name;

		private final String threads;

		private long count;

		private String lastThread = "";

		private long lastStartedAt;

		private long lastRootId;

		Entry(String name, String threads) {
			this.name = name;
			this.threads = threads;
		}

		synchronized void add(SpanRecord record) {
			this.count++;
			this.lastThread = record.threadName();
			this.lastStartedAt = record.startedAt();
			this.lastRootId = record.id();
		}

		synchronized OrphanRoot snapshot() {
			return new OrphanRoot(this.name, this.threads, this.count, this.lastThread, this.lastStartedAt,
					this.lastRootId);
		}

	}

}
