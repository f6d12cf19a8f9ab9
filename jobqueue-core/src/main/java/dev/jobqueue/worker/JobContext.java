package dev.jobqueue.worker;

import java.time.Instant;

import dev.jobqueue.ClaimedJob;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code @JobHandler} method may know about the job it runs, declared as a
 * parameter of this type.
 *
 * @param queue the queue name
 * @param id the job id
 * @param attempt the number of this attempt, 1 for the first run
 * @param maxAttempts how many attempts the queue allows; the last one fails for good on
 * an error
 * @param enqueuedAt when the job was enqueued, or null if its producer did not record it
 * @param claimedAt when this attempt was claimed
 */
public record JobContext(String queue, String id, int attempt, int maxAttempts, @Nullable Instant enqueuedAt,
		Instant claimedAt) {

	/**
	 * Describes a claimed job.
	 * @param job the job
	 * @param maxAttempts the queue's attempt limit
	 * @return the context
	 */
	public static JobContext of(ClaimedJob job, int maxAttempts) {
		return new JobContext(job.queue(), job.id(), job.attempts(), maxAttempts, job.enqueuedAt(), job.claimedAt());
	}

	/**
	 * Whether an exception thrown now fails the job for good.
	 * @return true on the last attempt
	 */
	public boolean isLastAttempt() {
		return this.attempt >= this.maxAttempts;
	}

}
