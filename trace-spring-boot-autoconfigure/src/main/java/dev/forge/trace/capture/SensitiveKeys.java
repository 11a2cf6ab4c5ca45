package dev.forge.trace.capture;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides which keys hold secrets. A key is split into words (camelCase, snake_case,
 * kebab-case, dots), and is sensitive when:
 * <ul>
 * <li>its letters, with separators removed, contain an unambiguous word such as
 * {@code password} or {@code apikey} ({@code passwordHash}, {@code JSESSIONID});</li>
 * <li>one of its words, or two adjacent words joined, is a sensitive word such as
 * {@code key}, {@code pin} or {@code session id} ({@code apiKeyId}, {@code X-Session-Id}),
 * a plural or a trailing number ignored ({@code privateKeys}, {@code pin2});</li>
 * <li>it ends with, or has as a word, a word the user added.</li>
 * </ul>
 * So {@code monkey} and {@code keyboard} stay visible: {@code key} is not one of their words.
 */
final class SensitiveKeys {

	/** Matched anywhere in the key once separators are removed: never part of an innocent word. */
	static final List<String> WITHIN = List.of("password", "passwd", "secret", "token", "credential",
			"authorization", "cookie", "sessionid", "apikey", "privatekey", "accesskey", "creditcard", "cardnumber");

	/** Matched as a whole word of the key, or as two adjacent words joined. */
	static final Set<String> WORDS = Set.of("key", "pass", "pw", "pwd", "pin", "otp", "ssn", "cvv", "cvc", "auth",
			"jwt", "bearer", "iban", "signature");

	static final int MAX_KEY_EXAMINED = 256;

	static final int MAX_DECIDED = 4096;

	private final List<String> additions;

	private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

	SensitiveKeys(Collection<String> additions) {
		List<String> words = new ArrayList<>();
		for (String word : additions) {
			String normalized = normalize(word);
			if (!normalized.isEmpty()) {
				words.add(normalized);
			}
		}
		this.additions = List.copyOf(words);
	}

	boolean isSensitive(String name) {
		if (name == null || name.isEmpty()) {
			return false;
		}
		Boolean known = this.decided.get(name);
		if (known != null) {
			return known;
		}
		boolean sensitive = decide(name);
		// Keys repeat (attribute names, bean properties): remember a bounded number of them.
		if (this.decided.size() < MAX_DECIDED && name.length() <= MAX_KEY_EXAMINED) {
			this.decided.put(name, sensitive);
		}
		return sensitive;
	}

	private boolean decide(String name) {
		// A key is judged by its start: no real name is longer, and judging costs its length.
		String key = (name.length() > MAX_KEY_EXAMINED) ? name.substring(0, MAX_KEY_EXAMINED) : name;
		String joined = normalize(key);
		for (String word : WITHIN) {
			if (joined.contains(word)) {
				return true;
			}
		}
		for (String word : this.additions) {
			if (joined.endsWith(word)) {
				return true;
			}
		}
		List<String> words = words(key);
		for (int i = 0; i < words.size(); i++) {
			if (isWord(words.get(i)) || (i + 1 < words.size() && isWord(words.get(i) + words.get(i + 1)))) {
				return true;
			}
		}
		return false;
	}

	private boolean isWord(String word) {
		return isListed(word) || isListed(stem(word));
	}

	private boolean isListed(String word) {
		return WORDS.contains(word) || WITHIN.contains(word) || this.additions.contains(word);
	}

	/** Lower case, letters and digits only. */
	static String normalize(String key) {
		StringBuilder normalized = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (Character.isLetterOrDigit(c)) {
				normalized.append(Character.toLowerCase(c));
			}
		}
		return normalized.toString();
	}

	/** Drops a trailing number and a plural {@code s}. */
	private static String stem(String word) {
		int end = word.length();
		while (end > 0 && Character.isDigit(word.charAt(end - 1))) {
			end--;
		}
		if (end > 1 && word.charAt(end - 1) == 's') {
			end--;
		}
		return word.substring(0, end);
	}

	/** The lower-case words of a key: {@code "XSessionID_v2"} gives {@code x, session, id, v2}. */
	static List<String> words(String key) {
		List<String> words = new ArrayList<>();
		StringBuilder word = new StringBuilder();
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (!Character.isLetterOrDigit(c)) {
				flush(words, word);
				continue;
			}
			if (Character.isUpperCase(c) && word.length() > 0) {
				char previous = key.charAt(i - 1);
				boolean nextIsLower = i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1));
				// "apiKey" splits before K; "APIKey" splits before the K that starts "Key".
				if (Character.isLowerCase(previous) || Character.isDigit(previous)
						|| (Character.isUpperCase(previous) && nextIsLower)) {
					flush(words, word);
				}
			}
			word.append(Character.toLowerCase(c));
		}
		flush(words, word);
		return words;
	}

	private static void flush(List<String> words, StringBuilder word) {
		if (word.length() > 0) {
			words.add(word.toString());
			word.setLength(0);
		}
	}

	/**
	 * Masks the values of sensitive parameters in a string that looks like a URL (it
	 * starts with {@code /} or a scheme such as {@code https://}): query parameters, and
	 * path parameters such as {@code ;jsessionid=...}.
	 * @return the string with those values replaced, or the same string when none is
	 */
	String maskUrl(String text, String mask) {
		if (text.indexOf('=') < 0 || !looksLikeUrl(text)) {
			return text;
		}
		StringBuilder masked = null;
		int copied = 0;
		boolean query = false;
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i++);
			if (c == '#') {
				break;
			}
			if (c == '?' && !query) {
				query = true;
			}
			else if (c != ';' && !(query && c == '&')) {
				continue;
			}
			// A parameter starts at i and runs to the next delimiter of its part of the URL.
			int end = i;
			while (end < text.length() && !endsParameter(text.charAt(end), query)) {
				end++;
			}
			int equals = text.indexOf('=', i);
			if (equals > i && equals < end && isSensitive(decode(text.substring(i, equals)))) {
				if (masked == null) {
					masked = new StringBuilder(text.length());
				}
				masked.append(text, copied, equals + 1).append(mask);
				copied = end;
			}
			i = end;
		}
		return (masked != null) ? masked.append(text, copied, text.length()).toString() : text;
	}

	private static boolean endsParameter(char c, boolean query) {
		return c == ';' || c == '#' || (query ? c == '&' : (c == '/' || c == '?'));
	}

	/**
	 * Masks the values of sensitive {@code key=value} and {@code key: value} pairs in free
	 * text such as an exception message: {@code password=hunter2}, {@code "token": "abc"},
	 * {@code Authorization: Bearer abc}. A value runs to the closing quote when quoted,
	 * otherwise to a space or a separator.
	 * @return the text with those values replaced, or the same text when none is
	 */
	String maskPairs(String text, String mask) {
		StringBuilder masked = null;
		int copied = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c != '=' && c != ':') {
				continue;
			}
			String key = keyBefore(text, i);
			if (key == null || !isSensitive(key)) {
				continue;
			}
			int start = i + 1;
			while (start < text.length() && text.charAt(start) == ' ') {
				start++;
			}
			int end = valueEnd(text, start);
			if (end > start) {
				if (masked == null) {
					masked = new StringBuilder(text.length());
				}
				char first = text.charAt(start);
				boolean quoted = first == '"' || first == '\'';
				boolean closed = quoted && end - 1 > start && text.charAt(end - 1) == first;
				masked.append(text, copied, quoted ? start + 1 : start).append(mask);
				copied = closed ? end - 1 : end;
				i = end - 1;
			}
		}
		return (masked != null) ? masked.append(text, copied, text.length()).toString() : text;
	}

	/** The word (optionally quoted) just before a separator, or null when there is none. */
	private static String keyBefore(String text, int separator) {
		int end = separator;
		if (end > 0 && (text.charAt(end - 1) == '"' || text.charAt(end - 1) == '\'')) {
			end--;
		}
		int start = end;
		while (start > 0 && start > end - MAX_KEY_EXAMINED && isKeyChar(text.charAt(start - 1))) {
			start--;
		}
		return (start < end) ? text.substring(start, end) : null;
	}

	private static boolean isKeyChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
	}

	private static int valueEnd(String text, int start) {
		if (start >= text.length()) {
			return start;
		}
		char quote = text.charAt(start);
		if (quote == '"' || quote == '\'') {
			int close = text.indexOf(quote, start + 1);
			return (close < 0) ? text.length() : close + 1;
		}
		int end = wordEnd(text, start);
		// A scheme such as "Bearer" or "Basic" is followed by the secret itself.
		String word = text.substring(start, end);
		if ((word.equalsIgnoreCase("bearer") || word.equalsIgnoreCase("basic")) && end + 1 < text.length()
				&& text.charAt(end) == ' ') {
			end = wordEnd(text, end + 1);
		}
		return end;
	}

	private static int wordEnd(String text, int start) {
		int end = start;
		while (end < text.length() && " \t\r\n,;&)}]".indexOf(text.charAt(end)) < 0) {
			end++;
		}
		return end;
	}

	/** Starts with a path, or with a scheme such as {@code https://}, checked on a short prefix. */
	private static boolean looksLikeUrl(String text) {
		if (text.startsWith("/")) {
			return true;
		}
		int end = Math.min(text.length() - 3, 16);
		for (int i = 1; i <= end; i++) {
			if (text.charAt(i) == ':' && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '/') {
				return true;
			}
		}
		return false;
	}

	private static String decode(String name) {
		try {
			return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return name;
		}
	}

}
