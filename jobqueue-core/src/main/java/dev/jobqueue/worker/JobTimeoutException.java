package dev.jobqueue.worker;

import java.time.Duration;

/**
 * What a {@link JobErrorHandler} is given for an attempt that ran past its execution
 * timeout: the handler's thread was interrupted and the attempt fails with the message
 * {@code timed out after <timeout>}, stored as the job's last error. It is retried as any
 * failure unless the error handler, or a not-retryable type, says otherwise.
 */
public class JobTimeoutException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final Duration timeout;

	/**
	 * Creates the exception.
	 * @param timeout the execution timeout that passed
	 */
	public JobTimeoutException(Duration timeout) {
		super("timed out after " + JobOutcomeLog.describe(timeout));
		this.timeout = timeout;
	}

	/**
	 * Returns the execution timeout that passed.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
