package dev.jobqueue;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The states of a job, stored lower-case in the {@code status} field of its hash.
 */
public enum JobState {

	/** Waiting in the pending list. */
	PENDING,

	/** Claimed by a worker and in the processing list. */
	PROCESSING,

	/** Finished with a result; kept for the finished-job TTL. */
	COMPLETED,

	/** Failed for good; kept for the finished-job TTL. */
	FAILED,

	/**
	 * Waiting in the delayed set until its run-at time or the end of its retry backoff;
	 * not a reference state (only jobs enqueued with a delay or retried with a backoff
	 * have it). Declared after the first four, so they keep the order of
	 * {@link QueueKeys#lists()}.
	 */
	DELAYED,

	/**
	 * Cancelled before it finished, by {@link JobQueueOperations#cancel}; kept for the
	 * finished-job TTL in the cancelled list. Not a reference state.
	 */
	CANCELLED;

	/**
	 * Returns the value stored in Redis.
	 * @return the lower-case status
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a stored status.
	 * @param status the stored value, may be null
	 * @return the state, or null for a missing or unknown status
	 */
	public static @Nullable JobState fromValue(@Nullable String status) {
		if (status == null) {
			return null;
		}
		for (JobState state : values()) {
			if (state.value().equals(status)) {
				return state;
			}
		}
		return null;
	}

}
