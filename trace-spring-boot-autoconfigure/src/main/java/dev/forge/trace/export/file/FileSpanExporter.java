package dev.forge.trace.export.file;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.export.SpanExporter;
import dev.forge.trace.format.ChromeTrace;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference README's file export, rolled by size: JSON Lines (one record a line, in
 * the reference shape), or Chrome trace events. When the file reaches its size it is
 * renamed {@code <name>.1} (older ones shift to {@code .2} and so on, the oldest past
 * {@code maxFiles} deleted) and a new one begins.
 */
public final class FileSpanExporter implements SpanExporter {

	/** What the file holds. */
	public enum Format {

		/** One record a line, in the reference shape. */
		JSON_LINES,

		/**
		 * A Chrome trace in the JSON array form, whose closing bracket is optional, so each
		 * batch's events are appended: open it in ui.perfetto.dev.
		 */
		CHROME_TRACE

	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path path;

	private final Format format;

	private final long maxFileSize;

	private final int maxFiles;

	private final String processName;

	/**
	 * Creates an exporter.
	 * @param path the file written to
	 * @param format what it holds
	 * @param maxFileSize the size in bytes at which the file is rolled
	 * @param maxFiles how many rolled files are kept besides the current one
	 * @param processName the process name in Chrome traces
	 */
	public FileSpanExporter(Path path, Format format, long maxFileSize, int maxFiles, String processName) {
		this.path = path;
		this.format = format;
		this.maxFileSize = maxFileSize;
		this.maxFiles = maxFiles;
		this.processName = processName;
	}

	@Override
	public String name() {
		return "file";
	}

	@Override
	public synchronized void export(List<SpanRecord> spans) throws IOException {
		if (spans.isEmpty()) {
			return;
		}
		Path parent = this.path.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		if (Files.exists(this.path) && Files.size(this.path) >= this.maxFileSize) {
			roll();
		}
		boolean fresh = !Files.exists(this.path) || Files.size(this.path) == 0;
		try (OutputStream out = Files.newOutputStream(this.path, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND)) {
			if (this.format == Format.JSON_LINES) {
				for (SpanRecord span : spans) {
					out.write(JSON.writeValueAsBytes(span));
					out.write('\n');
				}
			}
			else {
				// Each batch's events, appended to one array whose closing bracket is optional.
				String events = JSON.valueToTree(new ChromeTrace(spans, this.processName)).get("traceEvents").toString();
				String body = events.substring(1, events.length() - 1);
				out.write(((fresh ? "[" : ",\n") + body).getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	private void roll() throws IOException {
		Files.deleteIfExists(rolled(this.maxFiles));
		for (int i = this.maxFiles - 1; i >= 1; i--) {
			if (Files.exists(rolled(i))) {
				Files.move(rolled(i), rolled(i + 1), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		if (this.maxFiles >= 1) {
			Files.move(this.path, rolled(1), StandardCopyOption.REPLACE_EXISTING);
		}
		else {
			Files.delete(this.path);
		}
	}

	private Path rolled(int index) {
		return this.path.resolveSibling(this.path.getFileName() + "." + index);
	}

}
