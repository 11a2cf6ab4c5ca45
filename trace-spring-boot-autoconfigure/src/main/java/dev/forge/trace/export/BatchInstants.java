package dev.forge.trace.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.forge.trace.SpanRecord;

/**
 * The instants of a batch whose parent is in the same batch, which the tracing formats
 * attach to that parent (a Zipkin annotation, an OTLP event) rather than send as spans of
 * their own. Most batches have none, so then nothing is built.
 */
public final class BatchInstants {

	private static final BatchInstants NONE = new BatchInstants(Map.of());

	private final Map<Long, List<SpanRecord>> byParent;

	private BatchInstants(Map<Long, List<SpanRecord>> byParent) {
		this.byParent = byParent;
	}

	/**
	 * Finds the instants of a batch that belong to a parent in it.
	 * @param batch the batch
	 * @return its instants by parent
	 */
	public static BatchInstants of(List<SpanRecord> batch) {
		boolean any = false;
		for (SpanRecord record : batch) {
			any |= isInstantWithParent(record);
		}
		if (!any) {
			return NONE;
		}
		Set<Long> ids = new HashSet<>();
		for (SpanRecord record : batch) {
			ids.add(record.id());
		}
		Map<Long, List<SpanRecord>> byParent = new HashMap<>();
		for (SpanRecord record : batch) {
			if (isInstantWithParent(record) && ids.contains(record.parentId())) {
				byParent.computeIfAbsent(record.parentId(), (parent) -> new ArrayList<>()).add(record);
			}
		}
		return new BatchInstants(byParent);
	}

	/**
	 * Whether a span of the batch is an instant whose parent is in the batch.
	 * @param record a span of the batch
	 * @return {@code true} when it goes with its parent rather than on its own
	 */
	public boolean belongsToItsParent(SpanRecord record) {
		return !this.byParent.isEmpty() && isInstantWithParent(record)
				&& this.byParent.containsKey(record.parentId());
	}

	/**
	 * The instants that go with a span.
	 * @param parentId the span's id
	 * @return its instants, oldest first; empty when it has none
	 */
	public List<SpanRecord> of(long parentId) {
		return this.byParent.isEmpty() ? List.of() : this.byParent.getOrDefault(parentId, List.of());
	}

	private static boolean isInstantWithParent(SpanRecord record) {
		return record.durationNanos() == 0 && record.parentId() != 0;
	}

}
