package dev.forge.trace.benchmarks;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.forge.trace.capture.ValueCapture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writing a span's attributes as JSON bytes: the capture's own writer (a walk into
 * {@code JsonSink}, with masking, depth and length bounds) against Jackson writing the
 * same value with no bounds at all, both through a reused factory and buffer: its streaming
 * {@link JsonGenerator} walking the value as the capture does, and {@code JsonMapper}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class JsonCaptureBenchmarks {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Map<String, Object> attributes = Map.of("userId", 42, "region", "eu-west", "order",
			Map.of("id", "A-1234", "items", 3, "total", 99.5, "gift", false), "tags", List.of("new", "priority"),
			"note", "caf\u00e9 \"quoted\"");

	private final ValueCapture capture = new ValueCapture(4096, 8, List.of());

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

	@Benchmark
	public byte[] handWrittenCapture() {
		return this.capture.capture(this.attributes).json();
	}

	@Benchmark
	public byte[] jacksonGenerator() {
		this.buffer.reset();
		try (JsonGenerator generator = MAPPER.createGenerator(this.buffer)) {
			write(generator, this.attributes);
		}
		return this.buffer.toByteArray();
	}

	@Benchmark
	public byte[] jacksonMapper() {
		return MAPPER.writeValueAsBytes(this.attributes);
	}

	private static void write(JsonGenerator generator, Object value) {
		if (value instanceof Map<?, ?> map) {
			generator.writeStartObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				generator.writeName(String.valueOf(entry.getKey()));
				write(generator, entry.getValue());
			}
			generator.writeEndObject();
		}
		else if (value instanceof List<?> list) {
			generator.writeStartArray();
			for (Object element : list) {
				write(generator, element);
			}
			generator.writeEndArray();
		}
		else if (value instanceof Integer number) {
			generator.writeNumber(number);
		}
		else if (value instanceof Double number) {
			generator.writeNumber(number);
		}
		else if (value instanceof Boolean bool) {
			generator.writeBoolean(bool);
		}
		else {
			generator.writeString(String.valueOf(value));
		}
	}

}
