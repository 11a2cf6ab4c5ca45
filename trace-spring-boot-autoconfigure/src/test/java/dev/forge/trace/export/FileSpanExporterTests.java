package dev.forge.trace.export;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

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
	void onAFullDiskEveryLineIsAWholeRecordAndTheCountsSayWhatIsOnDisk() throws Exception {
		try (FileSystem disk = Jimfs.newFileSystem(
				Configuration.unix().toBuilder().setBlockSize(1024).setMaxSize(96 * 1024).build())) {
			Path ballast = disk.getPath("/ballast");
			Files.write(ballast, new byte[32 * 1024]);
			Path file = disk.getPath("/logs/spans.jsonl");
			FileSpanExporter exporter = new FileSpanExporter(file, FileSpanExporter.Format.JSON_LINES, 1 << 30, 1,
					"app");
			ExportSettings settings = new ExportSettings(Duration.ofHours(1), 37, 100_000, 1, Duration.ofMillis(1),
					Duration.ofMillis(1), Duration.ofSeconds(5));
			try (ExportDrainer drainer = new ExportDrainer(this.trace, List.of(exporter), settings)) {
				String padding = "x".repeat(100);
				for (int i = 0; i < 2_000; i++) {
					this.trace.end(this.trace.start("work", Map.of("i", i, "padding", padding)));
				}
				drainer.drain();
				await().atMost(Duration.ofSeconds(20)).until(() -> drainer.stats().get(0).queued() == 0);
				ExporterStats full = drainer.stats().get(0);
				assertThat(full.droppedByCause()).containsOnlyKeys("io");
				assertThat(full.exported()).isPositive();
				assertThat(full.exported() + full.dropped()).isEqualTo(2_000);
				assertThat(wholeRecords(file)).isEqualTo(full.exported());
				// Room again: the next batches are written whole after the last whole record.
				Files.delete(ballast);
				for (int i = 0; i < 37; i++) {
					this.trace.end(this.trace.start("after", Map.of("i", i)));
				}
				drainer.drain();
				await().atMost(Duration.ofSeconds(20)).until(() -> drainer.stats().get(0).queued() == 0);
				ExporterStats freed = drainer.stats().get(0);
				assertThat(freed.exported()).isEqualTo(full.exported() + 37);
				assertThat(wholeRecords(file)).isEqualTo(freed.exported());
			}
		}
	}

	@Test
	void aBatchThatDoesNotFitLeavesTheFileAsItWas() throws Exception {
		try (FileSystem disk = Jimfs.newFileSystem(
				Configuration.unix().toBuilder().setBlockSize(1024).setMaxSize(16 * 1024).build())) {
			Path file = disk.getPath("/spans.jsonl");
			FileSpanExporter exporter = new FileSpanExporter(file, FileSpanExporter.Format.JSON_LINES, 1 << 30, 1,
					"app");
			exporter.export(List.of(this.trace.end(this.trace.start("small"))));
			byte[] before = Files.readAllBytes(file);
			List<SpanRecord> large = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				large.add(this.trace.end(this.trace.start("large", Map.of("padding", "y".repeat(200)))));
			}
			assertThatExceptionOfType(ExportException.class).isThrownBy(() -> exporter.export(large))
				.satisfies((ex) -> assertThat(ex.getCauseName()).isEqualTo("io"));
			assertThat(Files.readAllBytes(file)).isEqualTo(before);
		}
	}

	private static long wholeRecords(Path file) throws Exception {
		byte[] content = Files.readAllBytes(file);
		assertThat(content).endsWith((byte) '\n');
		List<String> lines = new String(content, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
		for (String line : lines) {
			assertThat(JSON.readTree(line).propertyNames()).containsExactly("id", "name", "started_at",
					"duration_ms", "attributes");
		}
		return lines.size();
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
