package dev.forge.trace.observation;

import java.util.List;

import dev.forge.trace.SpanRecord;
import dev.forge.trace.TraceScope;
import dev.forge.trace.TraceService;
import dev.forge.trace.annotation.Traced;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL as spans, with {@code net.ttddyy.observation:datasource-micrometer-spring-boot} (the
 * JDBC observations Boot's documentation points to) on an in-memory H2: each query is a
 * span nested in the repository call that made it, with the statement's text, its literals
 * masked, and never its parameters.
 */
@SpringBootTest(classes = JdbcTracingTests.JdbcApplication.class,
		properties = { "spring.datasource.url=jdbc:h2:mem:owners;DB_CLOSE_DELAY=-1",
				"jdbc.datasource-proxy.include-parameter-values=true" })
class JdbcTracingTests {

	@Autowired
	private TraceService trace;

	@Autowired
	private Owners owners;

	@Test
	void queriesAreSpansInTheRepositoryCallWithTheirStatementAndNoValue() {
		this.owners.create();
		this.trace.flush();
		try (TraceScope request = this.trace.openScope("request", null)) {
			for (int id = 1; id <= 6; id++) {
				this.owners.findById(id);
			}
			this.owners.countNamed();
		}
		List<SpanRecord> records = this.trace.flush();
		List<SpanRecord> finds = records.stream().filter((record) -> record.name().equals("Owners.findById")).toList();
		assertThat(finds).hasSize(6);
		List<SpanRecord> queries = records.stream()
			.filter((record) -> record.attributes() != null && record.attributes().has("jdbc.query[0]"))
			.toList();
		assertThat(queries).hasSize(7);
		// Each find's query is its child: six alike under six parents, the N+1 shape.
		assertThat(finds).allSatisfy((find) -> assertThat(queries)
			.filteredOn((query) -> query.parentId() == find.id())
			.singleElement()
			.satisfies((query) -> assertThat(query.attributes().get("jdbc.query[0]").asString())
				.isEqualTo("select name from owner where id = ?")));
		SpanRecord count = records.stream().filter((record) -> record.name().equals("Owners.countNamed")).findFirst()
			.orElseThrow();
		SpanRecord literal = queries.stream().filter((query) -> query.parentId() == count.id()).findFirst()
			.orElseThrow();
		assertThat(literal.attributes().get("jdbc.query[0]").asString())
			.isEqualTo("select count(*) from owner where name = ? and id > ? and name <> ?");
		// Bound values are never kept, even where the library is told to report them.
		assertThat(records).allSatisfy((record) -> {
			String json = String.valueOf(record.attributes());
			assertThat(json).doesNotContain("jdbc.params").doesNotContain("Ada").doesNotContain("O''Hara");
		});
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Owners.class)
	static class JdbcApplication {

	}

	static class Owners {

		private final JdbcTemplate jdbc;

		Owners(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		void create() {
			this.jdbc.execute("create table if not exists owner (id int primary key, name varchar(40))");
			this.jdbc.execute("delete from owner");
			for (int id = 1; id <= 6; id++) {
				this.jdbc.update("insert into owner (id, name) values (?, ?)", id, "Ada" + id);
			}
		}

		@Traced
		public String findById(int id) {
			return this.jdbc.queryForObject("select name from owner where id = ?", String.class, id);
		}

		@Traced
		public int countNamed() {
			return this.jdbc.queryForObject(
					"select count(*) from owner where name = 'Ada' and id > 3 and name <> 'O''Hara'", Integer.class);
		}

	}

}
