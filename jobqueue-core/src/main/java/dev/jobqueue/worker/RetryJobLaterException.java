package dev.jobqueue.worker;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Thrown by a {@code @JobHandler} method (or wrapping what it caught) to retry its job
 * after a delay it chooses instead of the queue's back-off, such as the
 * {@code Retry-After} a partner answered with. The attempt counts as failed: the job
 * waits in the delayed set for the delay, unless it was its last attempt, which fails it
 * for good. The {@link DefaultJobErrorHandler} finds it also as the cause of another
 * exception.
 */
public class RetryJobLaterException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Duration delay;

	/**
	 * Creates the exception.
	 * @param delay how long the retry waits; zero retries at once
	 * @param message what went wrong, stored as the job's last error
	 * @throws IllegalArgumentException if the delay is negative
	 */
	public RetryJobLaterException(Duration delay, String message) {
		this(delay, message, null);
	}

	/**
	 * Creates the exception with its cause.
	 * @param delay how long the retry waits; zero retries at once
	 * @param message what went wrong, stored as the job's last error
	 * @param cause the failure, may be null
	 * @throws IllegalArgumentException if the delay is negative
	 */
	public RetryJobLaterException(Duration delay, String message, @Nullable Throwable cause) {
		super(message, cause);
		Assert.isTrue(delay != null && !delay.isNegative(), () -> "delay must not be negative, was " + delay);
		this.delay = delay;
	}

	/**
	 * Returns how long the retry waits.
	 * @return the delay
	 */
	public Duration getDelay() {
		return this.delay;
	}

}
