package dev.jobqueue.worker;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@code @JobHandler} method (or wrapping the cause it caught) to fail its
 * job for good at once, without the attempts it has left: for failures another attempt
 * cannot fix, such as a request the receiver rejects as invalid. The
 * {@link DefaultJobErrorHandler} finds it also as the cause of another exception.
 */
public class NonRetryableJobException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what went wrong, stored as the job's last error
	 */
	public NonRetryableJobException(String message) {
		super(message);
	}

	/**
	 * Creates the exception with its cause.
	 * @param message what went wrong, stored as the job's last error
	 * @param cause the failure another attempt would repeat, may be null
	 */
	public NonRetryableJobException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
