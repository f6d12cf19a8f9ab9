package dev.jobqueue;

import java.util.concurrent.CompletableFuture;

/**
 * The result of a job, to come: completed with the job's typed result when it completes,
 * whichever instance runs it, and exceptionally when it fails for good
 * ({@link JobFailedException}), is cancelled ({@link JobCancelledException}), does not
 * exist ({@link NoSuchJobException}), has a result that does not fit the requested type
 * ({@link JobPayloadException}), or does not finish within the wait's timeout
 * ({@link java.util.concurrent.TimeoutException}). Carries the job's id, so a caller can
 * cancel or look up the job.
 * <p>
 * Cancelling this future only stops waiting; the job goes on. To cancel the job, call
 * {@link JobQueueOperations#cancel(String, String)}. Dependent stages added without an
 * executor run on the thread that completes the future, one of two shared
 * {@code jobqueue-waits} threads: hand slow work to an executor of your own
 * ({@code thenApplyAsync(fn, executor)}).
 *
 * @param <T> the result type
 */
public final class JobResultFuture<T> extends CompletableFuture<T> {

	private final String queue;

	private final String jobId;

	JobResultFuture(String queue, String jobId) {
		this.queue = queue;
		this.jobId = jobId;
	}

	/**
	 * Returns the queue of the job.
	 * @return the queue name
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * Returns the id of the job.
	 * @return the job id
	 */
	public String getJobId() {
		return this.jobId;
	}

	@Override
	public String toString() {
		return "JobResultFuture[queue=" + this.queue + ", id=" + this.jobId + ", " + super.toString() + "]";
	}

}
