package dev.jobqueue;

/**
 * What a call to {@link JobWorkerProtocol#fail} did.
 */
public enum FailOutcome {

	/** The job went back to pending for another attempt. */
	RETRIED,

	/** The job moved to the failed list for good. */
	FAILED,

	/**
	 * Nothing changed: the caller no longer holds the claim (it was reclaimed or already
	 * finished).
	 */
	REJECTED

}
