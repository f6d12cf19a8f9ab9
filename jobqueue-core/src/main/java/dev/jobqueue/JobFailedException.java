package dev.jobqueue;

import org.jspecify.annotations.Nullable;

/**
 * The job waited for failed for good: every attempt failed, or a failure was not
 * retryable, or it could not run (missing hash, unreadable payload, expired).
 */
public class JobFailedException extends JobOutcomeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param queue the queue name
	 * @param jobId the job id
	 * @param lastError the job's {@code last_error}, or null
	 */
	public JobFailedException(String queue, String jobId, @Nullable String lastError) {
		super(queue, jobId, "failed", lastError);
	}

}
