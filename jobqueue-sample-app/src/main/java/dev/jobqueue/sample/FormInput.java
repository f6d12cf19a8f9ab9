package dev.jobqueue.sample;

import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;

/**
 * Reads the demo's form fields with the reference's defaults. The reference clamps
 * numbers into their ranges and ignores text it cannot parse; this demo answers 400
 * instead, with the field and its range, so a script learns that it asked for something
 * else than it got. A missing or blank field still takes the reference's default. The
 * first value of a repeated key wins, as in the reference.
 */
final class FormInput {

	static final Set<String> KINDS = Set.of("email", "webhook", "thumbnail", "invoice");

	static final int MAX_RECIPIENT_LENGTH = 200;

	static final Set<String> PRIORITIES = Set.of("high", "normal", "low");

	static final int MAX_GROUP_LENGTH = 100;

	private final MultiValueMap<String, String> form;

	FormInput(MultiValueMap<String, String> form) {
		this.form = form;
	}

	boolean has(String field) {
		return StringUtils.hasText(this.form.getFirst(field));
	}

	String kind() {
		String kind = text("kind", "email");
		if (!KINDS.contains(kind)) {
			throw new InvalidInputException("kind",
					"kind must be one of email, webhook, thumbnail, invoice, got '" + kind + "'");
		}
		return kind;
	}

	String recipient() {
		String recipient = text("recipient", "user@example.com");
		if (recipient.length() > MAX_RECIPIENT_LENGTH) {
			throw new InvalidInputException("recipient",
					"recipient must be at most " + MAX_RECIPIENT_LENGTH + " characters, got " + recipient.length());
		}
		return recipient;
	}

	String priority() {
		String priority = text("priority", "normal");
		if (!PRIORITIES.contains(priority)) {
			throw new InvalidInputException("priority",
					"priority must be one of high, normal, low, got '" + priority + "'");
		}
		return priority;
	}

	@Nullable String group() {
		if (!has("group")) {
			return null;
		}
		String group = text("group", "");
		if (group.length() > MAX_GROUP_LENGTH) {
			throw new InvalidInputException("group",
					"group must be at most " + MAX_GROUP_LENGTH + " characters, got " + group.length());
		}
		return group;
	}

	int integer(String field, int defaultValue, int min, int max) {
		String value = this.form.getFirst(field);
		if (!StringUtils.hasText(value)) {
			return defaultValue;
		}
		long parsed;
		try {
			parsed = Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw outOfRange(field, "an integer", min, max, value);
		}
		if (parsed < min || parsed > max) {
			throw outOfRange(field, "an integer", min, max, value);
		}
		return (int) parsed;
	}

	double rate(String field, double defaultValue) {
		String value = this.form.getFirst(field);
		if (!StringUtils.hasText(value)) {
			return defaultValue;
		}
		double parsed;
		try {
			parsed = Double.parseDouble(value.trim());
		}
		catch (NumberFormatException ex) {
			throw outOfRange(field, "a number", 0, 1, value);
		}
		if (!(parsed >= 0 && parsed <= 1)) {
			throw outOfRange(field, "a number", 0, 1, value);
		}
		return parsed;
	}

	private String text(String field, String defaultValue) {
		String value = this.form.getFirst(field);
		return StringUtils.hasText(value) ? value.trim() : defaultValue;
	}

	private static InvalidInputException outOfRange(String field, String what, int min, int max,
			@Nullable String value) {
		return new InvalidInputException(field,
				String.format(Locale.ROOT, "%s must be %s from %d to %d, got '%s'", field, what, min, max, value));
	}

}
