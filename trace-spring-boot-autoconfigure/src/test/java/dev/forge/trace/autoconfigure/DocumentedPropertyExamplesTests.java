package dev.forge.trace.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code trace.*} property example in the README and {@code docs/} works when pasted:
 * as the line of {@code application.properties} it is written as, and as the YAML it
 * stands for, both give the same property, and an application starts with it.
 */
class DocumentedPropertyExamplesTests {

	private static final Path PROJECT = Path.of("..");

	// `trace.x=value` in inline code (whole, spaces and all), and --trace.x=value on a command line.
	private static final Pattern EXAMPLE = Pattern.compile("`(trace\\.[^`=]+=[^`]*)`|--(trace\\.[^=\\s]+=\\S*)");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TraceAutoConfiguration.class, TraceExportAutoConfiguration.class));

	@Test
	void theDocsHaveExamplesToCheck() throws IOException {
		assertThat(examples()).hasSizeGreaterThan(15)
			.contains("trace.keep.slow-thresholds.[http\\ get\\ /owners]=300ms", "trace.enabled=false");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("examples")
	void anExampleLoadsAsPropertiesAndAsYamlAndTheApplicationStarts(String example) throws IOException {
		int equals = example.indexOf('=');
		String key = example.substring(0, equals).replace("\\ ", " ");
		String value = example.substring(equals + 1);
		PropertySource<?> properties = new PropertiesPropertySourceLoader()
			.load("example.properties", new ByteArrayResource(example.getBytes(StandardCharsets.ISO_8859_1)))
			.get(0);
		PropertySource<?> yaml = new YamlPropertySourceLoader()
			.load("example.yaml", new ByteArrayResource(yaml(key, value).getBytes(StandardCharsets.UTF_8)))
			.get(0);
		// The same one property either way: a key that a space cut short would differ.
		assertThat(names(properties)).containsExactly(names(yaml).toArray(String[]::new)).hasSize(1);
		assertThat(names(properties).get(0)).isEqualTo(ConfigurationPropertyName.adapt(key, '.').toString());
		Object fromProperties = ConfigurationPropertySource.from(properties)
			.getConfigurationProperty(ConfigurationPropertyName.adapt(key, '.'))
			.getValue();
		Object fromYaml = ConfigurationPropertySource.from(yaml)
			.getConfigurationProperty(ConfigurationPropertyName.adapt(key, '.'))
			.getValue();
		assertThat(String.valueOf(fromProperties)).isEqualTo(value).isEqualTo(String.valueOf(fromYaml));
		for (PropertySource<?> source : List.of(properties, yaml)) {
			this.contextRunner.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(source))
				.run((context) -> assertThat(context).hasNotFailed());
		}
	}

	private static List<String> names(PropertySource<?> source) {
		List<String> names = new ArrayList<>();
		((IterableConfigurationPropertySource) ConfigurationPropertySource.from(source)).stream()
			.forEach((name) -> names.add(name.toString()));
		return names;
	}

	static List<String> examples() throws IOException {
		List<Path> pages = new ArrayList<>(List.of(PROJECT.resolve("README.md")));
		Path docs = PROJECT.resolve("docs");
		if (Files.isDirectory(docs)) {
			try (Stream<Path> files = Files.list(docs)) {
				files.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
			}
		}
		List<String> examples = new ArrayList<>();
		for (Path page : pages) {
			Matcher matcher = EXAMPLE.matcher(Files.readString(page));
			while (matcher.find()) {
				String example = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
				if (!examples.contains(example)) {
					examples.add(example);
				}
			}
		}
		return examples;
	}

	/** The YAML a property stands for: one level a dot, a bracketed key quoted whole. */
	private static String yaml(String key, String value) {
		StringBuilder yaml = new StringBuilder();
		List<String> parts = new ArrayList<>();
		Matcher part = Pattern.compile("\\[[^\\]]*\\]|[^.\\[]+").matcher(key);
		while (part.find()) {
			parts.add(part.group());
		}
		for (int i = 0; i < parts.size(); i++) {
			String name = parts.get(i).startsWith("[") ? "\"" + parts.get(i) + "\"" : parts.get(i);
			yaml.append("  ".repeat(i)).append(name).append(':');
			yaml.append((i < parts.size() - 1) ? "\n" : " \"" + value.replace("\"", "\\\"") + "\"\n");
		}
		return yaml.toString();
	}

}
