package dev.jobqueue.worker;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a {@link JobErrorHandler} decided for a failed attempt.
 *
 * @param retryable whether the job is tried again (if it has attempts left); false fails
 * it for good now
 * @param delay how long the retry waits in the delayed set, overriding the back-off of
 * the handler's queue; null for that back-off
 */
public record JobFailureDecision(boolean retryable, @Nullable Duration delay) {

	private static final JobFailureDecision RETRY = new JobFailureDecision(true, null);

	private static final JobFailureDecision FAIL = new JobFailureDecision(false, null);

	/**
	 * Creates a decision after validating it.
	 * @param retryable see the record description
	 * @param delay see the record description
	 * @throws IllegalArgumentException if the delay is negative
	 */
	public JobFailureDecision {
		Assert.isTrue(delay == null || !delay.isNegative(), () -> "delay must not be negative, was " + delay);
	}

	/**
	 * Creates a decision that leaves the wait to the back-off.
	 * @param retryable see the record description
	 */
	public JobFailureDecision(boolean retryable) {
		this(retryable, null);
	}

	/**
	 * Returns the decision to try the job again while it has attempts left, after the
	 * back-off of its handler or queue.
	 * @return the decision
	 */
	public static JobFailureDecision retry() {
		return RETRY;
	}

	/**
	 * Returns the decision to try the job again after the given wait, whatever the
	 * back-off says, while it has attempts left.
	 * @param delay the wait; zero retries at once
	 * @return the decision
	 */
	public static JobFailureDecision retryAfter(Duration delay) {
		return new JobFailureDecision(true, delay);
	}

	/**
	 * Returns the decision to fail the job for good on this attempt.
	 * @return the decision
	 */
	public static JobFailureDecision failForGood() {
		return FAIL;
	}

}
