package dev.jobqueue;

/**
 * Thrown when a queue operation fails; for Redis failures the message names the
 * operation, the queue and the Redis server, and the cause is Spring's
 * {@code DataAccessException}.
 */
public class JobQueueException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what failed
	 */
	public JobQueueException(String message) {
		super(message);
	}

	/**
	 * Creates the exception.
	 * @param message what failed
	 * @param cause why
	 */
	public JobQueueException(String message, Throwable cause) {
		super(message, cause);
	}

}
