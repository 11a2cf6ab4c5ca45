package dev.forge.trace;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Run in a JVM of its own with a small heap by {@link MemoryBoundTests}: fills a tracer
 * at its default limits (every finished and active slot) with the most expensive values
 * capture lets through, prints the heap that stays reachable, then drains the buffer
 * through JSON serialization. Exits with 0 only if all of it fit.
 */
public final class WorstCaseHeap {

	private WorstCaseHeap() {
	}

	public static void main(String[] args) {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		TraceService trace = new TraceService();
		TraceOptions options = trace.options();
		long before = usedAfterGc(memory);
		List<Object> shapes = worstShapes();
		// Every span on a thread that renamed itself with a distinct 100,000-character name.
		for (int i = 0; i < options.maxFinishedSpans(); i++) {
			Object value = shapes.get(i % shapes.size());
			Thread.currentThread().setName(name(i) + "\u0100".repeat(100_000));
			trace.end(trace.start(name(i), value), value);
		}
		for (int i = 0; i < options.maxActiveSpans(); i++) {
			Thread.currentThread().setName(name(options.maxFinishedSpans() + i) + "\u0100".repeat(100_000));
			trace.start(name(options.maxFinishedSpans() + i), shapes.get(i % shapes.size()));
		}
		Thread.currentThread().setName("main");
		long retained = usedAfterGc(memory) - before;
		TraceStats stats = trace.stats();
		System.out.println("buffered=" + stats.buffered() + " active=" + stats.active() + " dropped=" + stats.dropped()
				+ " abandoned=" + stats.abandoned());
		System.out.println("retained=" + retained);
		// Draining serializes every record; it must fit too.
		JsonMapper mapper = JsonMapper.builder().build();
		try (JsonGenerator generator = mapper.createGenerator(OutputStream.nullOutputStream())) {
			generator.writeStartArray();
			for (SpanRecord record : trace.flush()) {
				mapper.writeValue(generator, record);
			}
			generator.writeEndArray();
		}
		System.out.println("drained=" + trace.stats().flushed());
		if (trace.options() == null || shapes.isEmpty()) {
			throw new IllegalStateException("keeps trace and shapes reachable until here");
		}
	}

	/** A distinct name of the longest length, in characters that take two bytes each. */
	private static String name(int i) {
		String prefix = Integer.toString(i);
		return prefix + "\u0100".repeat(256 - prefix.length());
	}

	/** Values that fill the byte limit in the costliest ways. */
	static List<Object> worstShapes() {
		List<Object> shapes = new ArrayList<>();
		shapes.add("\u4e2d".repeat(100_000));
		shapes.add("\u0001".repeat(100_000));
		shapes.add(Map.of("k".repeat(1_000_000), 1));
		shapes.add(new byte[10 << 20]);
		Object nested = "\ud83d\ude00".repeat(50_000);
		for (int depth = 0; depth < 20; depth++) {
			nested = List.of(nested, "more", "more");
		}
		shapes.add(nested);
		List<Object> manyEmpty = new ArrayList<>();
		for (int i = 0; i < 5_000; i++) {
			manyEmpty.add(List.of());
		}
		shapes.add(manyEmpty);
		return shapes;
	}

	private static long usedAfterGc(MemoryMXBean memory) {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
