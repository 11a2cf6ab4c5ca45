package dev.forge.trace.observation;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The W3C baggage header, read and written for an allow-list only, never failing on
 * what it is sent.
 */
class BaggageHeaderTests {

	private final BaggageHeader header = new BaggageHeader(List.of("tenant", "region"));

	@Test
	void onlyListedFieldsAreReadAndPropertiesAndSpacesAreDropped() {
		assertThat(this.header.read("secret=s3cr3t, tenant = acme ;ttl=10,region=eu,user=ada"))
			.containsExactly("acme", "eu");
		assertThat(this.header.read("user=ada,secret=x")).isNull();
	}

	@Test
	void valuesArePercentDecodedAsUtf8AndWrittenPercentEncoded() {
		String[] values = this.header.read("tenant=caf%C3%A9%20%2C%25,region=a%3Db");
		assertThat(values).containsExactly("café ,%", "a=b");
		assertThat(this.header.write(values)).isEqualTo("tenant=caf%C3%A9%20%2C%25,region=a=b");
		assertThat(this.header.read(this.header.write(values))).containsExactly(values);
	}

	@Test
	void malformedMembersAreSkippedAndTheRestKept() {
		assertThat(this.header.read("tenant,region=eu")).containsExactly(null, "eu");
		assertThat(this.header.read("tenant=a b,region=eu")).containsExactly(null, "eu");
		assertThat(this.header.read("tenant=%zz,region=%4")).isNull();
		assertThat(this.header.read("tenant=\"quoted\",region=back\\slash")).isNull();
		assertThat(this.header.read(",,;,=,region=eu")).containsExactly(null, "eu");
	}

	@Test
	void theFirstOfARepeatedFieldWins() {
		assertThat(this.header.read("tenant=first,tenant=second")).containsExactly("first", null);
	}

	@Test
	void anOverlongHeaderIsIgnoredWholeAndAnOverlongValueSkipped() {
		String longValue = "v".repeat(BaggageHeader.MAX_VALUE + 1);
		assertThat(this.header.read("tenant=" + longValue + ",region=eu")).containsExactly(null, "eu");
		String padding = "x=" + "y".repeat(BaggageHeader.MAX_HEADER);
		assertThat(this.header.read("tenant=acme," + padding)).isNull();
	}

	@Test
	void nothingIsWrittenForATraceWithoutListedValues() {
		assertThat(this.header.write(null)).isNull();
		assertThat(this.header.write(new String[2])).isNull();
		assertThat(this.header.write(new String[] { null, "eu" })).isEqualTo("region=eu");
		assertThat(new BaggageHeader(List.of()).read("tenant=acme")).isNull();
	}

}
