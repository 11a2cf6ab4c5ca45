package dev.forge.trace.export;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading a span's attribute snapshot into flattened tags, as the exporters do for every
 * span: {@link FlatJsonReader} against Jackson's streaming {@link JsonParser} from a
 * reused factory over the same bytes, flattening the same way (dotted keys, typed
 * scalars, arrays as their JSON text). In this package for the reader's package access.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Thread)
public class FlatJsonReaderBenchmarks {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final byte[] snapshot = ("{\"userId\":42,\"region\":\"eu-west\",\"order\":{\"id\":\"A-1234\",\"items\":3,"
			+ "\"total\":99.5,\"gift\":false},\"tags\":[\"new\",\"priority\"],\"note\":\"caf\u00e9 \\\"quoted\\\"\"}")
		.getBytes(StandardCharsets.UTF_8);

	private final FlatJsonReader reader = new FlatJsonReader();

	@Benchmark
	public void handWrittenReader(Blackhole blackhole) {
		this.reader.read(this.snapshot, "", new Tags(blackhole));
	}

	@Benchmark
	public void jacksonParser(Blackhole blackhole) {
		Tags tags = new Tags(blackhole);
		try (JsonParser parser = MAPPER.createParser(this.snapshot)) {
			parser.nextToken();
			object(parser, "", tags);
		}
	}

	private void object(JsonParser parser, String prefix, Tags tags) {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			String key = prefix.isEmpty() ? name : prefix + "." + name;
			JsonToken token = parser.nextToken();
			switch (token) {
				case START_OBJECT -> object(parser, key, tags);
				case START_ARRAY -> {
					int start = (int) parser.currentTokenLocation().getByteOffset();
					parser.skipChildren();
					int end = (int) parser.currentLocation().getByteOffset();
					tags.string(key, new String(this.snapshot, start, end - start, StandardCharsets.UTF_8));
				}
				case VALUE_STRING -> tags.string(key, parser.getString());
				case VALUE_NUMBER_INT -> tags.integer(key, parser.getLongValue());
				case VALUE_NUMBER_FLOAT -> tags.number(key, parser.getString(), false);
				case VALUE_TRUE, VALUE_FALSE -> tags.bool(key, token == JsonToken.VALUE_TRUE);
				default -> tags.string(key, "null");
			}
		}
	}

	/** A typed visitor, as the OTLP and Zipkin exporters' are. */
	private record Tags(Blackhole blackhole) implements SpanTags.TagVisitor {

		@Override
		public void string(String key, String value) {
			this.blackhole.consume(key);
			this.blackhole.consume(value);
		}

		@Override
		public boolean typed() {
			return true;
		}

		@Override
		public void integer(String key, long value) {
			this.blackhole.consume(key);
			this.blackhole.consume(value);
		}

		@Override
		public void number(String key, String text, boolean integer) {
			string(key, text);
		}

		@Override
		public void bool(String key, boolean value) {
			this.blackhole.consume(key);
			this.blackhole.consume(value);
		}

	}

}
