package dev.forge.trace.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration reference ({@code docs/configuration.md}) against the configuration
 * metadata the build generates from the properties' javadoc and defaults: every
 * {@code trace.*} property is documented, nothing documented is unknown, and each
 * documented default is the one the code has.
 */
class ConfigurationReferenceTests {

	private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

	// | `trace.x` | `default` | meaning |
	private static final Pattern ROW = Pattern.compile("^\\| `(trace\\.[^`]+)` \\|([^|]*)\\|", Pattern.MULTILINE);

	@Test
	void everyPropertyIsDocumentedWithItsDefault() throws Exception {
		Map<String, JsonNode> metadata = metadata();
		Map<String, String> documented = new LinkedHashMap<>();
		Matcher row = ROW.matcher(Files.readString(REFERENCE));
		while (row.find()) {
			documented.put(row.group(1), row.group(2).trim());
		}
		// A map is documented by its key pattern: trace.x.[name] or trace.x.*.
		Map<String, String> byProperty = new LinkedHashMap<>();
		documented.forEach((name, value) -> byProperty.put(name.replaceAll("\\.(\\[[^\\]]*\\]|\\*)$", ""), value));
		assertThat(byProperty.keySet()).containsExactlyInAnyOrderElementsOf(metadata.keySet());
		metadata.forEach((name, property) -> {
			JsonNode expected = property.get("defaultValue");
			String shown = byProperty.get(name);
			if (expected == null || shown.startsWith("`trace.")) {
				// No literal default (unset, or another property's value): the cell says so.
				assertThat(shown).as(name).matches("\\(unset\\)|\\(none\\)|\\(empty\\)|`trace\\.[a-z.-]+`|");
				return;
			}
			assertThat(normalized(shown)).as(name).isEqualTo(normalized(text(expected)));
		});
	}

	private static String text(JsonNode value) {
		if (value.isArray()) {
			StringBuilder joined = new StringBuilder();
			value.forEach((element) -> joined.append((joined.length() > 0) ? "," : "").append(element.asString()));
			return joined.toString();
		}
		return value.asString();
	}

	private static String normalized(String value) {
		String plain = value.replace("`", "").replace(" ", "").toLowerCase();
		try {
			return String.valueOf(Double.parseDouble(plain));
		}
		catch (NumberFormatException ex) {
			return plain;
		}
	}

	private static Map<String, JsonNode> metadata() throws Exception {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		try (InputStream in = ConfigurationReferenceTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
				String name = property.get("name").asString();
				if (name.startsWith("trace.")) {
					properties.put(name, property);
				}
			}
		}
		return properties;
	}

}
