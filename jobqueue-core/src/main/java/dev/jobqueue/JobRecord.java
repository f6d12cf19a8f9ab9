package dev.jobqueue;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A job as stored in its hash, for look-ups. Timestamps a producer or worker did not
 * write, or wrote as {@code "0"} or non-numeric text, are null.
 *
 * @param queue the queue name
 * @param id the job id
 * @param status the stored status, usually one of {@link JobState}'s values
 * @param attempts claims so far (0 when missing or not a number)
 * @param payload the payload JSON as stored, or null
 * @param result the result JSON as stored, or null
 * @param lastError the last error text, or null
 * @param enqueuedAt when enqueued
 * @param claimedAt when last claimed (cleared by a retry or a reclaim)
 * @param completedAt when completed
 * @param lastErrorAt when last failed
 * @param reclaimedAt when last returned to pending by a sweep
 * @param fields every field of the hash, as stored
 */
public record JobRecord(String queue, String id, String status, int attempts, @Nullable String payload,
		@Nullable String result, @Nullable String lastError, @Nullable Instant enqueuedAt, @Nullable Instant claimedAt,
		@Nullable Instant completedAt, @Nullable Instant lastErrorAt, @Nullable Instant reclaimedAt,
		Map<String, String> fields) {

	/**
	 * Creates the record with an unmodifiable copy of the fields.
	 * @param queue see the record description
	 * @param id see the record description
	 * @param status see the record description
	 * @param attempts see the record description
	 * @param payload see the record description
	 * @param result see the record description
	 * @param lastError see the record description
	 * @param enqueuedAt see the record description
	 * @param claimedAt see the record description
	 * @param completedAt see the record description
	 * @param lastErrorAt see the record description
	 * @param reclaimedAt see the record description
	 * @param fields see the record description
	 */
	public JobRecord {
		fields = Map.copyOf(fields);
	}

	/**
	 * Returns the status as a state.
	 * @return the state, or null when the status is not one of the four
	 */
	public @Nullable JobState state() {
		return JobState.fromValue(this.status);
	}

	/**
	 * Returns when a delayed job is due (its {@code run_at_ms}), for a job enqueued with
	 * a delay or a run-at instant, or a retry waiting for its backoff.
	 * @return the due time, or null for a job that never waited
	 */
	public @Nullable Instant runAt() {
		return instant(this.fields.get("run_at_ms"));
	}

	/**
	 * Returns the tick a recurring schedule enqueued this job for (its
	 * {@code scheduled_at_ms}).
	 * @return the tick, or null for a job no schedule enqueued
	 */
	public @Nullable Instant scheduledAt() {
		return instant(this.fields.get("scheduled_at_ms"));
	}

	static JobRecord of(String queue, String id, Map<String, String> fields) {
		return new JobRecord(queue, id, fields.getOrDefault("status", "unknown"),
				(int) parseLong(fields.get("attempts")), fields.get("payload"), fields.get("result"),
				fields.get("last_error"), instant(fields.get("enqueued_at_ms")), instant(fields.get("claimed_at_ms")),
				instant(fields.get("completed_at_ms")), instant(fields.get("last_error_at_ms")),
				instant(fields.get("reclaimed_at_ms")), fields);
	}

	static long parseLong(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return 0;
		}
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			try {
				return (long) Double.parseDouble(value);
			}
			catch (NumberFormatException notNumeric) {
				return 0;
			}
		}
	}

	static @Nullable Instant instant(@Nullable String epochMillis) {
		long millis = parseLong(epochMillis);
		return (millis > 0) ? Instant.ofEpochMilli(millis) : null;
	}

}
