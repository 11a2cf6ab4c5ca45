package dev.forge.trace.internal;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The W3C {@code tracestate} rules (Trace Context, "tracestate Header Field Values"): a
 * comma-separated list whose members are {@code key=value}, spaces and tabs around them
 * ignored, empty members allowed. A key starts with a lower-case letter or digit and has
 * at most 256 characters of {@code a-z 0-9 _ - * / @}; a value has 1 to 256 printable ASCII
 * characters other than {@code ,} and {@code =}, and does not end with a space.
 * <p>
 * A header with a malformed member, or more than 32 members, is dropped whole: passing on
 * part of a list a vendor wrote could change its meaning, and passing on a malformed one
 * forwards whatever a caller chose to put there. A later duplicate of a key is dropped.
 * What is kept is at most 512 characters: whole members are removed, those over 128
 * characters first, then from the end, as the specification says.
 */
public final class TraceStates {

	/** The most members a list may have. */
	static final int MAX_MEMBERS = 32;

	/** The longest combined value passed on. */
	static final int MAX_KEPT = 512;

	/** The longest combined value read (Tomcat's default limit for all headers): longer is dropped unread. */
	static final int MAX_READ = 8192;

	private static final int MAX_KEY = 256;

	private static final int MAX_VALUE = 256;

	private static final int LONG_MEMBER = 128;

	private TraceStates() {
	}

	public static @Nullable String read(@Nullable String header) {
		if (header == null || header.length() > MAX_READ) {
			return null;
		}
		List<String> members = new ArrayList<>();
		List<String> keys = new ArrayList<>();
		int from = 0;
		while (from <= header.length()) {
			int comma = header.indexOf(',', from);
			int to = (comma < 0) ? header.length() : comma;
			String member = trimWhitespace(header.substring(from, to));
			if (!member.isEmpty()) {
				int equals = member.indexOf('=');
				if (equals < 0 || !validKey(member, equals) || !validValue(member, equals + 1)) {
					return null;
				}
				String key = member.substring(0, equals);
				if (!keys.contains(key)) {
					if (keys.size() == MAX_MEMBERS) {
						return null;
					}
					keys.add(key);
					members.add(member);
				}
			}
			from = to + 1;
		}
		return members.isEmpty() ? null : withinLimit(members);
	}

	private static boolean validKey(String member, int end) {
		if (end == 0 || end > MAX_KEY) {
			return false;
		}
		char first = member.charAt(0);
		if (!((first >= 'a' && first <= 'z') || (first >= '0' && first <= '9'))) {
			return false;
		}
		for (int i = 1; i < end; i++) {
			char c = member.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*'
					|| c == '/' || c == '@';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	// The member was trimmed, so its value does not end with a space or tab.
	private static boolean validValue(String member, int from) {
		int length = member.length() - from;
		if (length < 1 || length > MAX_VALUE) {
			return false;
		}
		for (int i = from; i < member.length(); i++) {
			char c = member.charAt(i);
			if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
				return false;
			}
		}
		return true;
	}

	private static String withinLimit(List<String> members) {
		int length = length(members);
		for (int i = members.size() - 1; i >= 0 && length > MAX_KEPT; i--) {
			if (members.get(i).length() > LONG_MEMBER) {
				length -= members.remove(i).length() + 1;
			}
		}
		while (length > MAX_KEPT) {
			length -= members.remove(members.size() - 1).length() + 1;
		}
		return String.join(",", members);
	}

	private static int length(List<String> members) {
		int length = members.size() - 1;
		for (String member : members) {
			length += member.length();
		}
		return length;
	}

	/** A value without the spaces and tabs around it (HTTP's optional whitespace). */
	public static String trimWhitespace(String value) {
		int from = 0;
		int to = value.length();
		while (from < to && isWhitespace(value.charAt(from))) {
			from++;
		}
		while (to > from && isWhitespace(value.charAt(to - 1))) {
			to--;
		}
		return (from == 0 && to == value.length()) ? value : value.substring(from, to);
	}

	private static boolean isWhitespace(char c) {
		return c == ' ' || c == '\t';
	}

}
