package dev.forge.trace.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time per exported span, which JMH's average time (the measuring thread's wall time)
 * does not show: the export path spreads over the caller, the HTTP client's threads and,
 * for the SDK, its batch processor's worker. For each case of {@link ExportBenchmarks},
 * the process's CPU time over 1,000 batches of 1,000 spans, less the loopback sink's own
 * CPU time, after 1,000 batches of warm-up; three rounds. Prints JSON.
 */
public final class ExportCpu {

	private static final int WARMUP_BATCHES = 1000;

	private static final int BATCHES = 1000;

	private ExportCpu() {
	}

	public static void main(String[] args) throws Exception {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		ExportBenchmarks benchmarks = new ExportBenchmarks();
		benchmarks.setUp();
		Map<String, ThrowingRunnable> cases = new LinkedHashMap<>();
		cases.put("otlpExport", benchmarks::otlpExport);
		cases.put("zipkinExport", benchmarks::zipkinExport);
		cases.put("zipkinExportProto3", benchmarks::zipkinExportProto3);
		cases.put("sdkBatchSpanProcessorOtlp", benchmarks::sdkBatchSpanProcessorOtlp);
		StringBuilder json = new StringBuilder("{");
		try {
			for (int round = 0; round < 3; round++) {
				for (Map.Entry<String, ThrowingRunnable> entry : cases.entrySet()) {
					for (int i = 0; i < WARMUP_BATCHES; i++) {
						entry.getValue().run();
					}
					long cpu = os.getProcessCpuTime();
					long sink = benchmarks.sinkCpuNanos();
					for (int i = 0; i < BATCHES; i++) {
						entry.getValue().run();
					}
					double perSpan = (os.getProcessCpuTime() - cpu - (benchmarks.sinkCpuNanos() - sink))
							/ (BATCHES * 1000.0);
					json.append((json.length() > 1) ? "," : "")
						.append(String.format(Locale.ROOT, "\"%s.%d\":%.0f", entry.getKey(), round, perSpan));
				}
			}
		}
		finally {
			benchmarks.tearDown();
		}
		System.out.println(json.append('}'));
	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

}
