package dev.forge.trace.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import dev.forge.trace.export.ExportDrainer;
import dev.forge.trace.observation.PropagationFormat;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rule for an empty value ({@code trace.x=}, or {@code ${X:}} with {@code X} unset):
 * every property keeps its default; {@code none} is how a list of formats says none.
 */
class EmptyValuesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TraceAutoConfiguration.class, TraceExportAutoConfiguration.class));

	@Test
	void everyPropertyGivenAnEmptyValueKeepsItsDefault() throws Exception {
		List<String> names = documentedProperties();
		assertThat(names).contains("trace.max-finished-spans", "trace.keep.window", "trace.propagation.consume",
				"trace.export.zipkin.encoding", "trace.log-correlation.enabled");
		// Export's properties are bound once an exporter is on: the log exporter is.
		names.remove("trace.export.log.enabled");
		for (String empty : List.of("", "${TRACE_TESTS_UNSET:}", " ")) {
			this.contextRunner.withPropertyValues(names.stream().map((name) -> name + "=" + empty).toArray(String[]::new))
				.withPropertyValues("trace.export.log.enabled=true")
				.run((context) -> {
					// The switches too: trace.enabled= is on, as its property binds it.
					assertThat(context).hasNotFailed().hasSingleBean(ExportDrainer.class);
					assertThat(context.getBean(TraceProperties.class)).usingRecursiveComparison()
						.isEqualTo(new TraceProperties());
					assertThat(context.getBean(TraceExportProperties.class)).usingRecursiveComparison()
						.ignoringFields("log.enabled")
						.isEqualTo(new TraceExportProperties());
				});
		}
	}

	@Test
	void noneReadsAndWritesNoContextAndMustStandAlone() {
		this.contextRunner.withPropertyValues("trace.propagation.consume=none", "trace.propagation.produce=none")
			.run((context) -> {
				TraceProperties.Propagation propagation = context.getBean(TraceProperties.class).getPropagation();
				assertThat(propagation.getConsume()).containsExactly(PropagationFormat.NONE);
				assertThat(propagation.getProduce()).containsExactly(PropagationFormat.NONE);
			});
		this.contextRunner.withPropertyValues("trace.propagation.produce=w3c,none")
			.run((context) -> assertThat(context).hasFailed());
	}

	/** Every trace.* property in the configuration metadata, but the maps (no single value). */
	private static List<String> documentedProperties() throws Exception {
		List<String> names = new ArrayList<>();
		try (InputStream metadata = EmptyValuesTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			for (JsonNode property : JsonMapper.builder().build().readTree(metadata).get("properties")) {
				String name = property.get("name").asString();
				if (name.startsWith("trace.") && !property.get("type").asString().startsWith("java.util.Map")) {
					names.add(name);
				}
			}
		}
		return names;
	}

}
