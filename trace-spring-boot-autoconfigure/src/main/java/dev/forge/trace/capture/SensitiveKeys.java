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
	 * Masks the values of sensitive query parameters in a string that looks like a URL
	 * (it starts with {@code /} or a scheme such as {@code https://}, and has a {@code ?}).
	 * @return the string with those values replaced, or the same string when none is
	 */
	String maskUrl(String text, String mask) {
		if (!looksLikeUrl(text)) {
			return text;
		}
		int query = text.indexOf('?');
		if (query < 0 || text.indexOf('=', query) < 0) {
			return text;
		}
		StringBuilder masked = null;
		int start = query + 1;
		while (start <= text.length()) {
			int end = start;
			while (end < text.length() && text.charAt(end) != '&' && text.charAt(end) != ';'
					&& text.charAt(end) != '#') {
				end++;
			}
			int equals = text.indexOf('=', start);
			if (equals > start && equals < end && isSensitive(decode(text.substring(start, equals)))) {
				if (masked == null) {
					masked = new StringBuilder(text.length());
					masked.append(text, 0, start);
				}
				masked.append(text, start, equals + 1).append(mask);
			}
			else if (masked != null) {
				masked.append(text, start, end);
			}
			if (end >= text.length() || text.charAt(end) == '#') {
				if (masked != null) {
					masked.append(text, end, text.length());
				}
				break;
			}
			if (masked != null) {
				masked.append(text.charAt(end));
			}
			start = end + 1;
		}
		return (masked != null) ? masked.toString() : text;
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
