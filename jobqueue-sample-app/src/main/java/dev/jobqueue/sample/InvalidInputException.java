package dev.jobqueue.sample;

/**
 * A form field the demo cannot accept; answered with 400 and {@code {"error", "field"}}.
 */
final class InvalidInputException extends RuntimeException {

	private final String field;

	InvalidInputException(String field, String message) {
		super(message);
		this.field = field;
	}

	String getField() {
		return this.field;
	}

}
