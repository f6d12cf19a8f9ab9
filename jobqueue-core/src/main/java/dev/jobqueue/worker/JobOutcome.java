package dev.jobqueue.worker;

import java.util.Locale;

/**
 * How one run of a job by a worker ended, as reported to {@link JobExecutionListener}s.
 */
public enum JobOutcome {

	/** The handler returned and its result was stored. */
	COMPLETED,

	/** The handler threw and the job went back to pending for another attempt. */
	RETRIED,

	/**
	 * The job failed for good: last attempt, unreadable payload, or no handler for it.
	 */
	FAILED,

	/**
	 * The queue refused the outcome because this worker no longer held the claim (it was
	 * reclaimed).
	 */
	REJECTED,

	/**
	 * The job was cancelled while it ran; nothing was recorded, as the cancel already
	 * recorded it.
	 */
	CANCELLED,

	/** Shutdown handed the unfinished job back to pending. */
	RELEASED,

	/**
	 * Redis could not record the outcome; the job stays in processing until a sweep
	 * reclaims it.
	 */
	ERROR;

	/**
	 * Returns the lower-case name used in logs and meter tags.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
