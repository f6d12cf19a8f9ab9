package dev.jobqueue;

/**
 * Thrown when Redis refuses a write because it has reached its {@code maxmemory} with the
 * {@code noeviction} policy (its {@code OOM} error): nothing of the operation was
 * written, so an enqueue can be retried once workers have drained the backlog or memory
 * was added. Claims, completions and failures keep working at the limit; only writes that
 * would add data are refused.
 */
public class JobQueueFullException extends JobQueueException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what failed
	 * @param cause the Redis error
	 */
	public JobQueueFullException(String message, Throwable cause) {
		super(message, cause);
	}

}
