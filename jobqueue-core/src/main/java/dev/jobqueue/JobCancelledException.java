package dev.jobqueue;

import org.jspecify.annotations.Nullable;

/**
 * The job waited for was cancelled (before it ran, or while it ran) and has no result.
 */
public class JobCancelledException extends JobOutcomeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param queue the queue name
	 * @param jobId the job id
	 * @param lastError the reason given to the cancel, or null
	 */
	public JobCancelledException(String queue, String jobId, @Nullable String lastError) {
		super(queue, jobId, "cancelled", lastError);
	}

}
