package dev.jobqueue;

/**
 * No job with the id exists on the queue: it was never enqueued, or it finished and its
 * hash expired (after the finished-job TTL) or was deleted. Thrown by a cancel and used
 * to complete a wait on such an id at once, never leaving it to time out.
 */
public class NoSuchJobException extends JobQueueException {

	private static final long serialVersionUID = 1L;

	private final String queue;

	private final String jobId;

	/**
	 * Creates the exception.
	 * @param queue the queue name
	 * @param jobId the id that was not found
	 * @param detail what was being done, appended to the message
	 */
	public NoSuchJobException(String queue, String jobId, String detail) {
		super("No job " + jobId + " on queue '" + queue + "' (never enqueued, or finished and expired or deleted)"
				+ (detail.isEmpty() ? "" : ": " + detail));
		this.queue = queue;
		this.jobId = jobId;
	}

	/**
	 * Returns the queue name.
	 * @return the queue
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * Returns the id that was not found.
	 * @return the id
	 */
	public String getJobId() {
		return this.jobId;
	}

}
