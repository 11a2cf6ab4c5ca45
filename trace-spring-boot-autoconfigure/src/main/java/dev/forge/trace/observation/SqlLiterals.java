package dev.forge.trace.observation;

/**
 * Masks the literals of a SQL statement: quoted strings ({@code 'Ada'}, with {@code ''}
 * inside) and numbers standing on their own ({@code 42}, {@code 3.5}, not the {@code 2}
 * of {@code table2}) become {@code ?}, so a span shows the statement's shape and no value.
 * Quoted identifiers ({@code "name"}) and comments are left as they are.
 */
final class SqlLiterals {

	private SqlLiterals() {
	}

	static String mask(String sql) {
		StringBuilder masked = new StringBuilder(sql.length());
		int i = 0;
		while (i < sql.length()) {
			char c = sql.charAt(i);
			if (c == '\'') {
				i = endOfString(sql, i + 1);
				masked.append('?');
			}
			else if (c == '"') {
				int end = sql.indexOf('"', i + 1);
				end = (end < 0) ? sql.length() : end + 1;
				masked.append(sql, i, end);
				i = end;
			}
			else if (isDigit(c) && (i == 0 || !isWordPart(sql.charAt(i - 1)))) {
				while (i < sql.length() && (isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
					i++;
				}
				masked.append('?');
			}
			else {
				masked.append(c);
				i++;
			}
		}
		return masked.toString();
	}

	/** The index after a quoted string's closing quote ({@code ''} is a quote inside it). */
	private static int endOfString(String sql, int from) {
		int i = from;
		while (i < sql.length()) {
			if (sql.charAt(i) == '\'') {
				if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
					i += 2;
					continue;
				}
				return i + 1;
			}
			i++;
		}
		return sql.length();
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isWordPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
	}

}
