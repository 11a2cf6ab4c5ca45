package dev.forge.trace.observation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The W3C {@code baggage} header, for an allow-list of fields only: reading keeps the
 * listed fields and drops every other member (forwarding unknown baggage would leak it
 * from one service to the next), writing sends only the listed fields the trace has.
 * Reading never fails: a header longer than 8,192 characters is ignored whole, a member
 * that is not {@code key=value} with a valid key and value is skipped, a value longer
 * than 1,024 characters after decoding is skipped; properties ({@code ;...}) are dropped.
 */
public final class BaggageHeader {

	/** The header's name. */
	public static final String NAME = "baggage";

	static final int MAX_HEADER = 8192;

	static final int MAX_VALUE = 1024;

	private final List<String> fields;

	/**
	 * @param fields the fields read and written, in order
	 */
	public BaggageHeader(List<String> fields) {
		this.fields = List.copyOf(fields);
	}

	/** @return whether any field is read or written */
	public boolean isEmpty() {
		return this.fields.isEmpty();
	}

	/**
	 * Reads the listed fields from a header value.
	 * @param header the header's value, or {@code null}
	 * @return the values by position in the fields ({@code null} where absent), or
	 * {@code null} when none was found
	 */
	public String @Nullable [] read(@Nullable String header) {
		if (header == null || header.isEmpty() || header.length() > MAX_HEADER || this.fields.isEmpty()) {
			return null;
		}
		String[] values = null;
		for (String member : header.split(",", -1)) {
			int semicolon = member.indexOf(';');
			String pair = (semicolon >= 0) ? member.substring(0, semicolon) : member;
			int equals = pair.indexOf('=');
			if (equals < 0) {
				continue;
			}
			int index = this.fields.indexOf(pair.substring(0, equals).strip());
			if (index < 0 || (values != null && values[index] != null)) {
				// Not listed, or listed twice (the first wins).
				continue;
			}
			String value = decode(pair.substring(equals + 1).strip());
			if (value != null && value.length() <= MAX_VALUE) {
				if (values == null) {
					values = new String[this.fields.size()];
				}
				values[index] = value;
			}
		}
		return values;
	}

	/**
	 * Writes the fields a trace has.
	 * @param values the values by position in the fields, or {@code null}
	 * @return the header's value, or {@code null} when there is nothing to send
	 */
	public @Nullable String write(String @Nullable [] values) {
		if (values == null) {
			return null;
		}
		StringBuilder header = new StringBuilder();
		for (int i = 0; i < values.length && i < this.fields.size(); i++) {
			if (values[i] != null) {
				if (!header.isEmpty()) {
					header.append(',');
				}
				header.append(this.fields.get(i)).append('=').append(encode(values[i]));
			}
		}
		return header.isEmpty() ? null : header.toString();
	}

	/** Percent-decodes a value as UTF-8; {@code null} when it is not a valid W3C value. */
	static @Nullable String decode(String value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '%') {
				if (i + 2 >= value.length()) {
					return null;
				}
				int high = Character.digit(value.charAt(i + 1), 16);
				int low = Character.digit(value.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return null;
				}
				bytes.write(high * 16 + low);
				i += 2;
			}
			else if (isValueOctet(c)) {
				bytes.write(c);
			}
			else {
				return null;
			}
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	/** Percent-encodes what is not a plain value octet (and {@code %} itself), as UTF-8. */
	static String encode(String value) {
		StringBuilder encoded = new StringBuilder(value.length());
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xFF;
			if (c < 0x80 && c != '%' && isValueOctet((char) c)) {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
					.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
			}
		}
		return encoded.toString();
	}

	// W3C baggage-octet: printable US-ASCII but space, '"', ',', ';' and '\'.
	private static boolean isValueOctet(char c) {
		return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B)
				|| (c >= 0x5D && c <= 0x7E);
	}

}
