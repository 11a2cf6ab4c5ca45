package dev.forge.trace.capture;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			/owners;jsessionid=SECRET                       | /owners;jsessionid=******
			/owners;jsessionid=SECRET/pets?page=2           | /owners;jsessionid=******/pets?page=2
			/owners;JSESSIONID=SECRET?token=t#x             | /owners;JSESSIONID=******?token=******#x
			/a;v=1;api_key=k/b;session_id=s                 | /a;v=1;api_key=******/b;session_id=******
			https://h/p;jsessionid=S?q=1                    | https://h/p;jsessionid=******?q=1
			/cars;color=red;year=2012                       | /cars;color=red;year=2012
			/p?a=1;token=t                                  | /p?a=1;token=******
			/p#frag;token=t                                 | /p#frag;token=t
			""")
	void sensitivePathAndQueryParametersInUrlsAreMasked(String url, String masked) {
		assertThat(node(url).asString()).isEqualTo(masked);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			login failed for password=hunter2                   | login failed for password=******
			bad request {"token": "abc", "user": "ada"}         | bad request {"token": "******", "user": "ada"}
			bad request {'token':'abc'}                         | bad request {'token':'******'}
			Authorization: Bearer eyJhbGci.x.y was rejected      | Authorization: ****** was rejected
			db_password=s3cret, user=sa                         | db_password=******, user=sa
			apiKey: k-123; retry                                | apiKey: ******; retry
			pin=1234&amount=5                                   | pin=******&amount=5
			secret="unterminated                               | secret="******
			user=ada at 12:30 with key=                          | user=ada at 12:30 with key=
			no pairs here: just text                            | no pairs here: just text
			""")
	void sensitivePairsInErrorMessagesAreMasked(String message, String masked) {
		JsonNode result = node(Map.of("error", message, "exception", "java.lang.IllegalStateException"));
		assertThat(result.get("error").asString()).isEqualTo(masked);
	}

	@Test
	void aFailureRecordedByTheTracerHasItsMessageMasked() {
		dev.forge.trace.TraceService trace = new dev.forge.trace.TraceService();
		dev.forge.trace.SpanRecord record = trace.end(trace.start("login"),
				dev.forge.trace.SpanErrors.of(new IllegalArgumentException("password=hunter2 rejected")));
		assertThat(record.result().get("error").asString()).isEqualTo("password=****** rejected");
		assertThat(record.result().toString()).doesNotContain("hunter2");
	}

	@Test
	void aGetterThatFailsHasTheSensitivePairsOfItsMessageMasked() {
		JsonNode captured = ValueCapture.toNode(this.capture.capture(new FailingGetter()).json());
		assertThat(captured.toString()).contains("could not be captured")
			.contains("token=******")
			.doesNotContain("abc123");
	}

	static class FailingGetter {

		public String getValue() {
			throw new IllegalStateException("refused with token=abc123");
		}

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
