package dev.jobqueue.sample;

import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FormInput}.
 */
class FormInputTests {

	@Test
	void missingOrBlankFieldsTakeTheReferenceDefaults() {
		FormInput input = input("count", " ", "recipient", "");
		assertThat(input.kind()).isEqualTo("email");
		assertThat(input.recipient()).isEqualTo("user@example.com");
		assertThat(input.integer("count", 1, 1, 50)).isEqualTo(1);
		assertThat(input.rate("fail_rate", 0)).isZero();
		assertThat(input.has("count")).isFalse();
	}

	@Test
	void theFirstValueOfARepeatedFieldWins() {
		FormInput input = input("count", "7", "count", "9", "kind", "invoice", "kind", "fax");
		assertThat(input.integer("count", 1, 1, 50)).isEqualTo(7);
		assertThat(input.kind()).isEqualTo("invoice");
	}

	@Test
	void integersAtTheEndsOfTheirRangeAreAccepted() {
		assertThat(input("size", "0").integer("size", 2, 0, 8)).isZero();
		assertThat(input("size", "8").integer("size", 2, 0, 8)).isEqualTo(8);
		assertThat(input("size", " 3 ").integer("size", 2, 0, 8)).isEqualTo(3);
	}

	@Test
	void integersOutsideTheirRangeOrNotIntegersAreRejectedWithFieldAndRange() {
		for (String value : new String[] { "-1", "9", "1.5", "two", "99999999999999999999" }) {
			assertThatExceptionOfType(InvalidInputException.class)
				.isThrownBy(() -> input("size", value).integer("size", 2, 0, 8))
				.withMessage("size must be an integer from 0 to 8, got '" + value + "'")
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("size"));
		}
	}

	@Test
	void ratesFromZeroToOneAreAcceptedAndOthersRejected() {
		assertThat(input("fail_rate", "0").rate("fail_rate", 0.5)).isZero();
		assertThat(input("fail_rate", "1").rate("fail_rate", 0.5)).isEqualTo(1.0);
		assertThat(input("fail_rate", "0.35").rate("fail_rate", 0.5)).isEqualTo(0.35);
		for (String value : new String[] { "-0.01", "1.01", "NaN", "Infinity", "lots" }) {
			assertThatExceptionOfType(InvalidInputException.class)
				.isThrownBy(() -> input("hang_rate", value).rate("hang_rate", 0))
				.withMessage("hang_rate must be a number from 0 to 1, got '" + value + "'");
		}
	}

	@Test
	void onlyTheFourDemoKindsAreAccepted() {
		for (String kind : FormInput.KINDS) {
			assertThat(input("kind", kind).kind()).isEqualTo(kind);
		}
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> input("kind", "EMAIL").kind())
			.withMessageContaining("kind must be one of email, webhook, thumbnail, invoice");
	}

	@Test
	void aRecipientLongerThanTwoHundredCharactersIsRejected() {
		assertThat(input("recipient", "r".repeat(200)).recipient()).hasSize(200);
		assertThatExceptionOfType(InvalidInputException.class)
			.isThrownBy(() -> input("recipient", "r".repeat(201)).recipient())
			.withMessage("recipient must be at most 200 characters, got 201");
	}

	private static FormInput input(String... fields) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		for (int i = 0; i < fields.length; i += 2) {
			form.add(fields[i], fields[i + 1]);
		}
		return new FormInput(form);
	}

}
