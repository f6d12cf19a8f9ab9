package dev.jobqueue;

/**
 * Thrown when a payload or result cannot be written as JSON, when stored JSON is
 * malformed or does not fit the requested type, or when a payload exceeds the queue's
 * size limit.
 */
public class JobPayloadException extends JobQueueException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what is wrong
	 */
	public JobPayloadException(String message) {
		super(message);
	}

	/**
	 * Creates the exception.
	 * @param message what is wrong
	 * @param cause the parser's or serializer's exception
	 */
	public JobPayloadException(String message, Throwable cause) {
		super(message, cause);
	}

}
