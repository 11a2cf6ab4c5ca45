package dev.forge.trace.observation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A statement keeps its shape and loses its values.
 */
class SqlLiteralsTests {

	@Test
	void stringsAndNumbersAreMaskedAndNamesKept() {
		assertThat(SqlLiterals.mask("select * from table2 t where t.col_1 = 3.5 and name = 'it''s' and \"a 1\" = 7"))
			.isEqualTo("select * from table2 t where t.col_1 = ? and name = ? and \"a 1\" = ?");
		assertThat(SqlLiterals.mask("insert into x values (1, 'a', -2)")).isEqualTo("insert into x values (?, ?, -?)");
		assertThat(SqlLiterals.mask("select ? from dual")).isEqualTo("select ? from dual");
	}

	@Test
	void anUnclosedStringIsMaskedToTheEnd() {
		assertThat(SqlLiterals.mask("select 'secret")).isEqualTo("select ?");
	}

}
