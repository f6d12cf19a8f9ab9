package dev.jobqueue.worker;

import java.time.Instant;
import java.util.Objects;

import dev.jobqueue.ClaimedJob;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code @JobHandler} method may know about the job it runs, and how it talks back
 * while it runs: whether the job was cancelled, and how far it got. Declared as a
 * parameter of this type.
 */
public final class JobContext {

	private final String queue;

	private final String id;

	private final int attempt;

	private final int maxAttempts;

	private final @Nullable Instant enqueuedAt;

	private final Instant claimedAt;

	private final @Nullable JobControl control;

	/**
	 * Creates a context that is not connected to a running worker: it never reports a
	 * cancellation and its progress reports go nowhere. For tests of handlers.
	 * @param queue the queue name
	 * @param id the job id
	 * @param attempt the number of this attempt, 1 for the first run
	 * @param maxAttempts how many attempts the queue allows
	 * @param enqueuedAt when the job was enqueued, or null
	 * @param claimedAt when this attempt was claimed
	 */
	public JobContext(String queue, String id, int attempt, int maxAttempts, @Nullable Instant enqueuedAt,
			Instant claimedAt) {
		this(queue, id, attempt, maxAttempts, enqueuedAt, claimedAt, null);
	}

	JobContext(String queue, String id, int attempt, int maxAttempts, @Nullable Instant enqueuedAt, Instant claimedAt,
			@Nullable JobControl control) {
		this.queue = queue;
		this.id = id;
		this.attempt = attempt;
		this.maxAttempts = maxAttempts;
		this.enqueuedAt = enqueuedAt;
		this.claimedAt = claimedAt;
		this.control = control;
	}

	/**
	 * Describes a claimed job, not connected to a running worker.
	 * @param job the job
	 * @param maxAttempts the queue's attempt limit
	 * @return the context
	 */
	public static JobContext of(ClaimedJob job, int maxAttempts) {
		return new JobContext(job.queue(), job.id(), job.attempts(), maxAttempts, job.enqueuedAt(), job.claimedAt());
	}

	static JobContext of(ClaimedJob job, int maxAttempts, JobControl control) {
		return new JobContext(job.queue(), job.id(), job.attempts(), maxAttempts, job.enqueuedAt(), job.claimedAt(),
				control);
	}

	/**
	 * Returns the queue name.
	 * @return the queue
	 */
	public String queue() {
		return this.queue;
	}

	/**
	 * Returns the job id.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Returns the number of this attempt.
	 * @return 1 for the first run
	 */
	public int attempt() {
		return this.attempt;
	}

	/**
	 * Returns how many attempts the queue allows; the last one fails for good on an
	 * error.
	 * @return the limit
	 */
	public int maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * Returns when the job was enqueued.
	 * @return the instant, or null if its producer did not record it
	 */
	public @Nullable Instant enqueuedAt() {
		return this.enqueuedAt;
	}

	/**
	 * Returns when this attempt was claimed.
	 * @return the instant
	 */
	public Instant claimedAt() {
		return this.claimedAt;
	}

	/**
	 * Whether an exception thrown now fails the job for good.
	 * @return true on the last attempt
	 */
	public boolean isLastAttempt() {
		return this.attempt >= this.maxAttempts;
	}

	/**
	 * Whether the job was cancelled while it runs. Its status is {@code cancelled}
	 * already and whatever the handler returns or throws is not recorded, so a long
	 * handler should check this between steps and return early.
	 * @return true once cancelled
	 */
	public boolean isCancelled() {
		return this.control != null && this.control.isCancelled();
	}

	/**
	 * Throws when the job was cancelled, as a check between steps of a long handler.
	 * @throws JobCancelledWhileRunningException if it was
	 */
	public void throwIfCancelled() {
		if (isCancelled()) {
			throw new JobCancelledWhileRunningException(this.queue, this.id);
		}
	}

	/**
	 * Reports how far the job got, stored on its hash ({@code progress}) and published on
	 * the queue's progress channel. Throttled: reports closer together than 250 ms to the
	 * last one written are held, and the newest held one is written with the next report
	 * after the interval or by the next lease extension. Never throws for a Redis failure
	 * (progress is best effort).
	 * @param percent the progress, 0 to 100
	 * @throws IllegalArgumentException if the percent is outside 0 to 100
	 */
	public void reportProgress(int percent) {
		reportProgress(percent, null);
	}

	/**
	 * Reports how far the job got, with a small detail (written as JSON, at most 1 KiB,
	 * stored in {@code progress_detail}), as {@link #reportProgress(int)} does.
	 * @param percent the progress, 0 to 100
	 * @param detail the detail, such as {@code Map.of("rows", 1200)}, or null
	 * @throws IllegalArgumentException if the percent is outside 0 to 100 or the detail
	 * is over 1 KiB as JSON
	 * @throws dev.jobqueue.JobPayloadException if the detail cannot be written as JSON
	 */
	public void reportProgress(int percent, @Nullable Object detail) {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("percent must be from 0 to 100, was " + percent);
		}
		if (this.control != null) {
			this.control.reportProgress(percent, detail);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof JobContext that && this.queue.equals(that.queue) && this.id.equals(that.id)
				&& this.attempt == that.attempt && this.maxAttempts == that.maxAttempts
				&& Objects.equals(this.enqueuedAt, that.enqueuedAt) && this.claimedAt.equals(that.claimedAt);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.queue, this.id, this.attempt, this.maxAttempts, this.enqueuedAt, this.claimedAt);
	}

	@Override
	public String toString() {
		return "JobContext[queue=" + this.queue + ", id=" + this.id + ", attempt=" + this.attempt + ", maxAttempts="
				+ this.maxAttempts + ", enqueuedAt=" + this.enqueuedAt + ", claimedAt=" + this.claimedAt + "]";
	}

}
