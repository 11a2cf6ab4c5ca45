package dev.forge.trace;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.capture.ValueCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worst-case heap a tracer holds at its default limits, as the README states it, is
 * a promise: a JVM whose heap is only that bound plus room for the JVM's own classes holds
 * a tracer filled with the worst values capture lets through, and can drain it.
 */
class MemoryBoundTests {

	/** The README's bound for one finished record at the default limits, in bytes. */
	static final long FINISHED_RECORD_BOUND = 10_700;

	/** The README's bound for one active span at the default limits, in bytes. */
	static final long ACTIVE_SPAN_BOUND = 6_200;

	@Test
	void theStatedBoundFollowsFromTheLimits() {
		TraceOptions defaults = TraceOptions.defaults();
		long value = 16 + new ValueCapture(defaults.maxValueLength(), defaults.maxValueDepth(), List.of())
			.maxEncodedLength();
		long name = 24 + 16 + 2L * defaults.maxNameLength();
		// A thread of its own, with a distinct name cut to the same length as span names.
		long thread = 32 + name;
		// The record (72 bytes), its two values, a distinct name and thread, and 13 bytes in the buffer.
		assertThat(72 + 2 * value + name + thread + 13).isLessThanOrEqualTo(FINISHED_RECORD_BOUND);
		// The value, name and thread, and at most four table slots of 52 bytes and eviction order.
		assertThat(value + name + thread + 4 * 52 + 32).isLessThanOrEqualTo(ACTIVE_SPAN_BOUND);
	}

	@Test
	void aFullTracerOfTheWorstValuesFitsInItsStatedBoundUnderASmallHeap() throws Exception {
		TraceOptions defaults = TraceOptions.defaults();
		long bound = defaults.maxFinishedSpans() * FINISHED_RECORD_BOUND
				+ defaults.maxActiveSpans() * ACTIVE_SPAN_BOUND;
		// The bound, and 48 MB for the JVM's own classes and the values being captured.
		long heapMb = bound / (1 << 20) + 48;
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		Process process = new ProcessBuilder(java, "-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-cp",
				System.getProperty("java.class.path"), WorstCaseHeap.class.getName())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("buffered=" + defaults.maxFinishedSpans(), "active=" + defaults.maxActiveSpans(),
				"drained=" + defaults.maxFinishedSpans());
		long retained = Long.parseLong(output.replaceAll("(?s).*retained=(\\d+).*", "$1"));
		System.out.println("Worst-case heap retained: " + retained + " bytes, bound " + bound + " (" + heapMb
				+ " MB heap)");
		assertThat(retained).isLessThanOrEqualTo(bound);
	}

}
