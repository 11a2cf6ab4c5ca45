package dev.forge.trace.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns JMH's JSON results and the retained-size measurement into a Markdown report: a
 * table of every benchmark with its ratio to TraceService start+end, and each target of
 * the benchmark issue checked as a ratio from the same run. Ratios, targets and the
 * breakdown use medians of every measured iteration: on a shared machine one slow fork
 * moves a mean more than the code does.
 * <p>
 * Arguments: the JMH JSON file, the retained-size JSON file, the Markdown file to write.
 */
public final class ReportWriter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ReportWriter() {
	}

	public static void main(String[] args) throws IOException {
		JsonNode jmh = JSON.readTree(Files.readString(Path.of(args[0])));
		JsonNode retained = JSON.readTree(Files.readString(Path.of(args[1])));
		Map<String, Result> results = new LinkedHashMap<>();
		for (JsonNode run : jmh) {
			String name = run.get("benchmark").asString();
			name = name.substring(name.lastIndexOf('.') + 1);
			JsonNode secondary = run.path("secondaryMetrics");
			JsonNode alloc = secondary.has("gc.alloc.rate.norm") ? secondary.get("gc.alloc.rate.norm")
					: secondary.path("\u00b7gc.alloc.rate.norm");
			results.put(name, new Result(run.get("threads").asInt(), run.get("primaryMetric").get("score").asDouble(),
					run.get("primaryMetric").get("scoreError").asDouble(), alloc.path("score").asDouble(Double.NaN),
					median(run.get("primaryMetric").path("rawData"))));
		}
		Files.writeString(Path.of(args[2]), report(results, retained));
	}

	static String report(Map<String, Result> results, JsonNode retained) {
		StringBuilder out = new StringBuilder();
		Result base = results.get("traceServiceStartEnd");
		out.append("Machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores, ")
			.append(System.getProperty("os.arch"))
			.append(", Java ")
			.append(System.getProperty("java.version"))
			.append(" (")
			.append(System.getProperty("java.vm.name"))
			.append(")\n\n");
		out.append("| benchmark | threads | ns/op | ± (99.9%) | median ns/op | B/op | median vs TraceService start+end |\n");
		out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		results.forEach((name, result) -> out.append(String.format(Locale.ROOT,
				"| %s | %d | %.1f | %.1f | %.1f | %.0f | %s |%n", name, result.threads, result.nsPerOp, result.error,
				result.median, result.bytesPerOp,
				(base != null) ? String.format(Locale.ROOT, "%.2fx", result.median / base.median) : "")));
		out.append('\n');
		double traceServiceRetained = retained.get("traceServiceBytesPerSpan").asDouble();
		double otelRetained = retained.get("openTelemetrySpanDataBytesPerSpan").asDouble();
		out.append(String.format(Locale.ROOT,
				"Retained heap per finished span without attributes (JOL): TraceService %.1f B, OpenTelemetry SpanData %.1f B.%n%n",
				traceServiceRetained, otelRetained));
		out.append("| target (medians) | measured | met |\n| --- | --- | --- |\n");
		ratio(out, results, "start+end at most 0.3x OpenTelemetry with SimpleSpanProcessor", "traceServiceStartEnd",
				"otelSimpleProcessor", 0.3);
		// A floor, not a target of ours: when it is near 0.3x itself, this machine leaves the goal above no room.
		ratio(out, results, "floor: a skeleton span (no lock, statistics or bound) under 0.3x OpenTelemetry",
				"floorSkeletonSpan", "otelSimpleProcessor", 0.3);
		ratio(out, results, "start+end faster than Brave (nothing kept)", "traceServiceStartEnd",
				"braveNothingKept", 1.0);
		ratio(out, results, "start+end faster than Brave keeping spans", "traceServiceStartEnd", "braveKeptByHandler",
				1.0);
		ratio(out, results, "start+end faster than the Micrometer timing handler", "traceServiceStartEnd",
				"micrometerObservationWithTimingHandler", 1.0);
		ratio(out, results, "2 threads at most 1.3x the 1-thread cost per operation", "traceServiceStartEndTwoThreads",
				"traceServiceStartEnd", 1.3);
		Result traced = results.get("tracedCall");
		Result unadvised = results.get("unadvisedCall");
		Result observed = results.get("observedCall");
		if (traced != null && unadvised != null) {
			double overhead = traced.median - unadvised.median;
			double bytes = traced.bytesPerOp - unadvised.bytesPerOp;
			row(out, "@Traced overhead at most 150 ns per call, current-span tracking included",
					String.format(Locale.ROOT, "%.1f ns", overhead),
					overhead <= 150);
			row(out, "@Traced allocates at most 200 B per call", String.format(Locale.ROOT, "%.0f B", bytes),
					bytes <= 200);
			if (observed != null) {
				double observedOverhead = observed.median - unadvised.median;
				row(out, "@Traced overhead lower than @Observed", String.format(Locale.ROOT, "%.1f ns vs %.1f ns",
						overhead, observedOverhead), overhead < observedOverhead);
			}
		}
		addsAtMost(out, results, "@Traced with log correlation on (the default) at most 150 ns per call",
				"unadvisedWorkCall", "tracedCallLogCorrelationOn", 150);
		addsAtMost(out, results, "log correlation at most 15 ns per span that becomes current",
				"scopedSpanWithoutLogCorrelation", "scopedSpanWithLogCorrelation", 15);
		row(out, "at most 96 B retained per finished span with its structure",
				String.format(Locale.ROOT, "%.1f B", traceServiceRetained), traceServiceRetained <= 96);
		ratio(out, results, "the recent window adds nothing measurable: start+end with it on vs off",
				"traceServiceStartEnd", "traceServiceStartEndWithoutRecentWindow", 1.1);
		ratio(out, results, "start+end with 5,000 long-lived active spans at most 1.05x none",
				"traceServiceStartEnd5kActive", "traceServiceStartEnd", 1.05);
		ratio(out, results, "start+end with 50,000 long-lived active spans at most 1.3x none",
				"traceServiceStartEnd50kActive", "traceServiceStartEnd", 1.3);
		ratio(out, results, "start at the active cap (evicting) at most 2x start+end with none",
				"traceServiceStartAtActiveCap", "traceServiceStartEnd", 2.0);
		Result metricsOnly = results.get("observationMetricsOnly");
		Result bridge = results.get("observationWithBridge");
		Result tracing = results.get("observationWithMicrometerTracing");
		if (metricsOnly != null && bridge != null && tracing != null) {
			double bridgeAdds = bridge.median - metricsOnly.median;
			double tracingAdds = tracing.median - metricsOnly.median;
			row(out, "the observation bridge adds at most half of what Micrometer Tracing's handler adds",
					String.format(Locale.ROOT, "%.1f ns vs %.1f ns (%.2fx)", bridgeAdds, tracingAdds,
							bridgeAdds / tracingAdds),
					bridgeAdds <= tracingAdds / 2);
			double bridgeBytes = bridge.bytesPerOp - metricsOnly.bytesPerOp;
			row(out, "the observation bridge allocates under 300 B per observation",
					String.format(Locale.ROOT, "%.0f B", bridgeBytes), bridgeBytes < 300);
		}
		addsAtMostHalf(out, results,
				"a request with propagation and log correlation adds at most half of what Micrometer Tracing + Brave add",
				"requestMetricsOnly", "requestWithBridge", "requestWithMicrometerTracing");
		addsAtMostHalf(out, results, "@Traced with log correlation at most half of @NewSpan with its correlation",
				"unadvisedWorkCall", "tracedCallLogCorrelationOn", "newSpanCall");
		// The peer is the SDK recording the spans and exporting them with its
		// BatchSpanProcessor; its exporter alone, on spans it recorded, is shown beside it.
		// Medians of all iterations, as single iterations of this path vary a lot here.
		Result sdkExport = results.get("sdkOtlpExporter");
		Result sdkBatch = results.get("sdkBatchSpanProcessorOtlp");
		for (String ours : new String[] { "zipkinExport", "zipkinExportProto3", "otlpExport" }) {
			Result own = results.get(ours);
			if (own != null && sdkExport != null && sdkBatch != null) {
				row(out, ours + ": at least the throughput of the SDK's BatchSpanProcessor with its OTLP exporter,"
						+ " at lower allocation per span",
						String.format(Locale.ROOT,
								"median %.0f ns and %.0f B per span vs %.0f ns and %.0f B (%.2fx time, %.2fx bytes);"
										+ " the SDK's exporter alone %.0f ns and %.0f B",
								own.median, own.bytesPerOp, sdkBatch.median, sdkBatch.bytesPerOp,
								own.median / sdkBatch.median, own.bytesPerOp / sdkBatch.bytesPerOp, sdkExport.median,
								sdkExport.bytesPerOp),
						own.median <= sdkBatch.median && own.bytesPerOp < sdkBatch.bytesPerOp);
			}
		}
		breakdown(out, results);
		return out.toString();
	}

	/**
	 * Splits start+end and the {@code @Traced} overhead into what the tracer cannot avoid
	 * (the clock readings, Spring's proxy) and what it does itself, all from this run.
	 */
	private static void breakdown(StringBuilder out, Map<String, Result> results) {
		Result floor = results.get("floorTwoClockReadings");
		Result scoped = results.get("traceServiceScopedStartEnd");
		Result startEnd = results.get("traceServiceStartEnd");
		Result traced = results.get("tracedCall");
		Result unadvised = results.get("unadvisedCall");
		Result passThrough = results.get("passThroughProxyCall");
		if (floor == null || startEnd == null || traced == null || unadvised == null || passThrough == null) {
			return;
		}
		double proxy = passThrough.median - unadvised.median;
		double work = startEnd.median - floor.median;
		double interceptor = traced.median - passThrough.median - startEnd.median;
		out.append("\n| where the time goes | ns/op |\n| --- | ---: |\n");
		out.append(String.format(Locale.ROOT, "| start+end: the two clock readings (floor) | %.1f |%n", floor.median));
		out.append(String.format(Locale.ROOT, "| start+end: the tracer's own work | %.1f |%n", work));
		Result skeleton = results.get("floorSkeletonSpan");
		if (skeleton != null) {
			out.append(String.format(Locale.ROOT,
					"| of which a skeleton span needs too (its parent, id, open span and record; no lock) | %.1f |%n",
					skeleton.median - floor.median));
		}
		if (scoped != null) {
			out.append(String.format(Locale.ROOT, "| making the span current and restoring the previous one | %.1f |%n",
					scoped.median - startEnd.median));
		}
		out.append(String.format(Locale.ROOT, "| @Traced: Spring's class proxy with an interceptor that only proceeds | %.1f |%n",
				proxy));
		out.append(String.format(Locale.ROOT, "| @Traced: start+end | %.1f |%n", startEnd.median));
		out.append(String.format(Locale.ROOT, "| @Traced: the interceptor's own work | %.1f |%n", interceptor));
	}

	private static void ratio(StringBuilder out, Map<String, Result> results, String target, String numerator,
			String denominator, double limit) {
		Result top = results.get(numerator);
		Result bottom = results.get(denominator);
		if (top != null && bottom != null) {
			double ratio = top.median / bottom.median;
			boolean met = (limit == 1.0) ? ratio < 1.0 : ratio <= limit;
			row(out, target, String.format(Locale.ROOT, "%.2fx (%.1f / %.1f ns)", ratio, top.median, bottom.median),
					met);
		}
	}

	/** What {@code measured} adds over {@code base}, in median nanoseconds, against a limit. */
	private static void addsAtMost(StringBuilder out, Map<String, Result> results, String target, String base,
			String measured, double limitNanos) {
		Result without = results.get(base);
		Result with = results.get(measured);
		if (without != null && with != null) {
			double adds = with.median - without.median;
			row(out, target, String.format(Locale.ROOT, "%.1f ns (%.1f - %.1f ns)", adds, with.median, without.median),
					adds <= limitNanos);
		}
	}

	/** What {@code ours} adds over {@code base} against what {@code peer} adds: medians, and bytes. */
	private static void addsAtMostHalf(StringBuilder out, Map<String, Result> results, String target, String base,
			String ours, String peer) {
		Result baseline = results.get(base);
		Result measured = results.get(ours);
		Result other = results.get(peer);
		if (baseline == null || measured == null || other == null) {
			return;
		}
		double time = (measured.median - baseline.median) / (other.median - baseline.median);
		double bytes = (measured.bytesPerOp - baseline.bytesPerOp) / (other.bytesPerOp - baseline.bytesPerOp);
		row(out, target, String.format(Locale.ROOT, "%.2fx time, %.2fx bytes (medians)", time, bytes),
				time <= 0.5 && bytes <= 0.5);
	}

	private static void row(StringBuilder out, String target, String measured, boolean met) {
		out.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**")
			.append(" |\n");
	}

	/** The median of every measured iteration of every fork. */
	private static double median(JsonNode rawData) {
		java.util.List<Double> values = new java.util.ArrayList<>();
		rawData.forEach((fork) -> fork.forEach((iteration) -> values.add(iteration.asDouble())));
		if (values.isEmpty()) {
			return Double.NaN;
		}
		java.util.Collections.sort(values);
		int middle = values.size() / 2;
		return (values.size() % 2 == 1) ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
	}

	record Result(int threads, double nsPerOp, double error, double bytesPerOp, double median) {
	}

}
