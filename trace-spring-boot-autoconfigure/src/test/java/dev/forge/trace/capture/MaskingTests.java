package dev.forge.trace.capture;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the default masking catches: the names users really give their secrets, and none
 * of the innocent keys that merely contain a short sensitive word.
 */
class MaskingTests {

	private final ValueCapture capture = new ValueCapture(4096, 16, List.of());

	@ParameterizedTest
	@ValueSource(strings = { "password", "Password", "passwd", "pwd", "pw", "pass", "passwordHash",
			"password_confirmation", "newPassword", "DB_PASSWORD", "secret", "secretValue", "clientSecret", "token",
			"accessToken", "refresh-token", "key", "apiKey", "apiKeyId", "api_key", "privateKeys", "privateKey",
			"credentials", "authorization", "Authorization", "auth", "cookie", "Set-Cookie", "credit_card",
			"creditCardNumber", "cardNumber", "ssn", "cvv", "cvc", "pin", "pin2", "otp", "JSESSIONID", "sessionId",
			"X-Session-Id", "session_id", "jwt", "bearer", "iban", "signature" })
	void sensitiveKeysAreMasked(String key) {
		assertThat(this.capture.isSensitive(key)).as(key).isTrue();
		JsonNode captured = node(Map.of(key, "SECRET"));
		assertThat(captured.get(key).asString()).isEqualTo(ValueCapture.MASK);
	}

	@ParameterizedTest
	@ValueSource(strings = { "monkey", "keyboard", "donkey", "turkey", "hockey", "passenger", "compass", "bypass",
			"spinner", "pinnacle", "author", "authors", "name", "email", "id", "userId", "count", "description", "status",
			"kind", "opinion", "shipping", "keystroke", "turnkey", "whiskey", "sessions" })
	void innocentKeysStayVisible(String key) {
		assertThat(this.capture.isSensitive(key)).as(key).isFalse();
		assertThat(node(Map.of(key, "visible")).get(key).asString()).isEqualTo("visible");
	}

	@Test
	void addedWordsMaskKeysEndingWithThemOrHavingThemAsAWord() {
		ValueCapture custom = new ValueCapture(4096, 16, List.of("tenant", "X-Internal"));
		assertThat(custom.isSensitive("tenant")).isTrue();
		assertThat(custom.isSensitive("currentTenant")).isTrue();
		assertThat(custom.isSensitive("tenant_id")).isTrue();
		assertThat(custom.isSensitive("x-internal")).isTrue();
		assertThat(custom.isSensitive("tenants")).isTrue();
		assertThat(custom.isSensitive("contentment")).isFalse();
	}

	@Test
	void aRecordComponentNamedPassIsMasked() {
		assertThat(node(new Login("ada", "hunter2")).toString()).doesNotContain("hunter2").contains("ada");
	}

	@Test
	void aPropertyRenamedByJsonPropertyIsMaskedByItsGetterName() {
		JsonNode captured = node(new Renamed());
		assertThat(captured.get("pw").asString()).isEqualTo(ValueCapture.MASK);
		assertThat(captured.toString()).doesNotContain("hunter2");
	}

	@Test
	void aMapEntryIsCapturedAsAnObjectSoItsKeyMasksItsValue() {
		JsonNode captured = node(List.of(new AbstractMap.SimpleEntry<>("password", "SECRET"), Map.entry("user", "ada")));
		assertThat(captured.toString()).doesNotContain("SECRET");
		assertThat(captured.get(0).get("password").asString()).isEqualTo(ValueCapture.MASK);
		assertThat(captured.get(1).get("user").asString()).isEqualTo("ada");
	}

	@Test
	void sensitiveQueryParametersInUrlsAreMasked() {
		assertThat(node("https://api.example.com/v1/users?token=abc&page=2#top").asString())
			.isEqualTo("https://api.example.com/v1/users?token=******&page=2#top");
		assertThat(node("/owners/1?api_key=k1&access_token=t2&name=ada").asString())
			.isEqualTo("/owners/1?api_key=******&access_token=******&name=ada");
		assertThat(node(Map.of("url", "http://h/p?password=p%40ss")).get("url").asString())
			.isEqualTo("http://h/p?password=******");
		// Not a URL: left as it is.
		assertThat(node("a?token=b").asString()).isEqualTo("a?token=b");
	}

	@Test
	void aPojoNodeIsReadAtTheCallMaskedAndNotKeptByReference() {
		Account account = new Account("ada", "hunter2");
		JsonNode captured = node(JsonNodeFactory.instance.pojoNode(account));
		account.name = "changed later";
		assertThat(captured.get("name").asString()).isEqualTo("ada");
		assertThat(captured.get("password").asString()).isEqualTo(ValueCapture.MASK);
		assertThat(captured.toString()).doesNotContain("hunter2");
		JsonNode nested = node(Map.of("wrapped", JsonNodeFactory.instance.pojoNode(new Account("bob", "s3cret"))));
		assertThat(nested.toString()).doesNotContain("s3cret");
	}

	@Test
	void sensitiveGettersAreNeverCalled() {
		assertThat(node(new ExplodingSecret()).get("secret").asString()).isEqualTo(ValueCapture.MASK);
	}

	private JsonNode node(Object value) {
		Captured captured = this.capture.capture(value);
		assertThat(captured.failed()).isFalse();
		return ValueCapture.toNode(captured.json());
	}

	public record Login(String user, String pass) {
	}

	public static class Renamed {

		@JsonProperty("pw")
		public String getPassword() {
			return "hunter2";
		}

	}

	public static class Account {

		public String name;

		private final String password;

		Account(String name, String password) {
			this.name = name;
			this.password = password;
		}

		public String getPassword() {
			return this.password;
		}

	}

	public static class ExplodingSecret {

		public String getSecret() {
			throw new IllegalStateException("a sensitive getter must not even be called");
		}

	}

}
