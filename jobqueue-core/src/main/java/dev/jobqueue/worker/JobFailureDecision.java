package dev.jobqueue.worker;

/**
 * What a {@link JobErrorHandler} decided for a failed attempt.
 *
 * @param retryable whether the job goes back to pending for another attempt (if it has
 * attempts left); false fails it for good now
 */
public record JobFailureDecision(boolean retryable) {

	private static final JobFailureDecision RETRY = new JobFailureDecision(true);

	private static final JobFailureDecision FAIL = new JobFailureDecision(false);

	/**
	 * Returns the decision to try the job again while it has attempts left.
	 * @return the decision
	 */
	public static JobFailureDecision retry() {
		return RETRY;
	}

	/**
	 * Returns the decision to fail the job for good on this attempt.
	 * @return the decision
	 */
	public static JobFailureDecision failForGood() {
		return FAIL;
	}

}
