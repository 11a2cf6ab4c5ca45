package dev.forge.trace.export.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.export.ExportException;
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

	/** Where the file ended before a write that failed and is not cut off yet; -1 when none. */
	private long wholeLength = -1;

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

	/**
	 * Appends a batch whole or not at all: the batch is encoded first and written at once,
	 * and when the write fails (a full disk) the file is cut back to where the batch began,
	 * so every line is a whole record, what is counted exported is on disk and what is
	 * counted dropped is not.
	 * @throws ExportException when the batch could not be written; none of it is in the file
	 */
	@Override
	public synchronized void export(List<SpanRecord> spans) {
		if (spans.isEmpty()) {
			return;
		}
		try {
			Path parent = this.path.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			repair();
			if (Files.exists(this.path) && Files.size(this.path) >= this.maxFileSize) {
				roll();
			}
			try (FileChannel file = FileChannel.open(this.path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
				long end = file.size();
				ByteBuffer batch = ByteBuffer.wrap(encode(spans, end == 0));
				this.wholeLength = end;
				file.position(end);
				while (batch.hasRemaining()) {
					file.write(batch);
				}
				this.wholeLength = -1;
			}
		}
		catch (IOException ex) {
			throw ExportException.permanent("io", this.path + ": " + ex);
		}
		finally {
			try {
				repair();
			}
			catch (IOException ex) {
				// Tried again before the next batch, which is not written while it fails.
			}
		}
	}

	/** Cuts off what a failed write left, if anything. */
	private void repair() throws IOException {
		if (this.wholeLength >= 0) {
			try (FileChannel file = FileChannel.open(this.path, StandardOpenOption.WRITE)) {
				file.truncate(this.wholeLength);
			}
			this.wholeLength = -1;
		}
	}

	private byte[] encode(List<SpanRecord> spans, boolean fresh) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream(spans.size() * 256);
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
		return out.toByteArray();
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
