package dev.jobqueue.worker;

/**
 * Thrown by {@link JobContext#throwIfCancelled()} in a handler whose job was cancelled
 * while it ran. The job is recorded as cancelled already, so the worker records nothing
 * more and does not log it as a failure.
 */
public class JobCancelledWhileRunningException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param queue the queue name
	 * @param id the job id
	 */
	public JobCancelledWhileRunningException(String queue, String id) {
		super("Job " + id + " of queue '" + queue + "' was cancelled while it ran");
	}

}
