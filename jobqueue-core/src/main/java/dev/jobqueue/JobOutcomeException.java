package dev.jobqueue;

import org.jspecify.annotations.Nullable;

/**
 * Completes a wait for a job's result exceptionally when the job ended without a result:
 * it failed for good ({@link JobFailedException}) or was cancelled
 * ({@link JobCancelledException}). Carries the job's {@code last_error}.
 */
public abstract class JobOutcomeException extends JobQueueException {

	private static final long serialVersionUID = 1L;

	private final String queue;

	private final String jobId;

	private final String status;

	private final @Nullable String lastError;

	JobOutcomeException(String queue, String jobId, String status, @Nullable String lastError) {
		super("Job " + jobId + " of queue '" + queue + "' " + status
				+ ((lastError != null) ? ": " + lastError : " (no last_error recorded)"));
		this.queue = queue;
		this.jobId = jobId;
		this.status = status;
		this.lastError = lastError;
	}

	/**
	 * Returns the queue name.
	 * @return the queue
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * Returns the job id.
	 * @return the id
	 */
	public String getJobId() {
		return this.jobId;
	}

	/**
	 * Returns the job's final status as stored.
	 * @return {@code failed} or {@code cancelled}
	 */
	public String getStatus() {
		return this.status;
	}

	/**
	 * Returns the job's {@code last_error}: the last exception of a failed job, or the
	 * reason given for a cancellation.
	 * @return the text, or null when none was stored
	 */
	public @Nullable String getLastError() {
		return this.lastError;
	}

}
