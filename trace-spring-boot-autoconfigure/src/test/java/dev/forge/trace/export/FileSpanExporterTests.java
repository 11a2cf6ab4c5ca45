package dev.forge.trace.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import dev.forge.trace.export.file.FileSpanExporter;
import dev.forge.trace.export.log.LoggingSpanExporter;
import dev.forge.trace.format.ChromeTraceValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class FileSpanExporterTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TraceService trace = new TraceService();

	@Test
	void jsonLinesRollBySizeKeepingABoundedNumberOfFilesEachLineARecord(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("spans.jsonl");
		FileSpanExporter exporter = new FileSpanExporter(file, FileSpanExporter.Format.JSON_LINES, 2_000, 2, "app");
		for (int batch = 0; batch < 10; batch++) {
			List<SpanRecord> spans = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				spans.add(this.trace.end(this.trace.start("work", Map.of("batch", batch, "i", i))));
			}
			exporter.export(spans);
		}
		List<Path> files;
		try (var listing = Files.list(directory)) {
			files = listing.sorted().toList();
		}
		assertThat(files).extracting((path) -> path.getFileName().toString())
			.containsExactly("spans.jsonl", "spans.jsonl.1", "spans.jsonl.2");
		for (Path path : files) {
			for (String line : Files.readAllLines(path)) {
				JsonNode record = JSON.readTree(line);
				assertThat(record.propertyNames()).containsExactly("id", "name", "started_at", "duration_ms",
						"attributes");
			}
		}
		// The newest lines are in the current file.
		assertThat(Files.readAllLines(file).get(Files.readAllLines(file).size() - 1)).contains("\"batch\":9");
	}

	@Test
	void aChromeTraceFileLoadsOnceItsOptionalClosingBracketIsAdded(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("trace.json");
		FileSpanExporter exporter = new FileSpanExporter(file, FileSpanExporter.Format.CHROME_TRACE, 1 << 20, 1, "app");
		for (int i = 0; i < 3; i++) {
			try (TraceScope scope = this.trace.openScope("outer", null)) {
				this.trace.end(this.trace.start("inner"));
			}
			exporter.export(this.trace.flush());
		}
		JsonNode events = JSON.readTree(Files.readString(file) + "]");
		assertThat(events.isArray()).isTrue();
		ChromeTraceValidator.validate(JSON.readTree("{\"displayTimeUnit\":\"ms\",\"traceEvents\":" + events + "}"));
	}

	@Test
	void theLogExporterLogsEachSpanAsOneEvent(CapturedOutput output) {
		new LoggingSpanExporter().export(List.of(this.trace.end(this.trace.start("logged", Map.of("k", "v")))));
		assertThat(output).contains(LoggingSpanExporter.LOGGER, "\"name\":\"logged\"", "\"attributes\":{\"k\":\"v\"}");
	}

}
