package dev.jobqueue.transaction;

import java.util.List;

import dev.jobqueue.JobQueueException;

/**
 * Thrown to the caller of a transaction's commit when jobs enqueued inside the
 * transaction could not be written to Redis after the commit: the transaction's data is
 * committed, these jobs are not in the queue. The ids are the ones the enqueue calls
 * returned.
 */
public class AfterCommitEnqueueException extends JobQueueException {

	private final List<String> notEnqueued;

	/**
	 * Creates an exception for the given jobs.
	 * @param message the message, naming the jobs
	 * @param notEnqueued the jobs not written, as {@code queue/id}
	 * @param cause the first failure
	 */
	public AfterCommitEnqueueException(String message, List<String> notEnqueued, Throwable cause) {
		super(message, cause);
		this.notEnqueued = List.copyOf(notEnqueued);
	}

	/**
	 * Returns the jobs that were not written, each as {@code queue/id}, in the order they
	 * were enqueued.
	 * @return the jobs, never empty
	 */
	public List<String> getNotEnqueued() {
		return this.notEnqueued;
	}

}
