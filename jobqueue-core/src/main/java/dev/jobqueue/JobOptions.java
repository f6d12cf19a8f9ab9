package dev.jobqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Per-job options for an enqueue: when the job may first run, until when it may start,
 * and how long one attempt may run. Immutable; start from {@link #none()} or one of the
 * static factories and chain the {@code with...} methods.
 * <p>
 * A job enqueued with {@link #none()} is written exactly as the reference writes it.
 * Every other option adds fields to the job's hash (documented in
 * {@code docs/data-model.md}): a delayed job waits in the queue's {@code delayed} sorted
 * set until it is due.
 */
public final class JobOptions {

	private static final JobOptions NONE = new JobOptions(null, null, null, null);

	private final @Nullable Duration delay;

	private final @Nullable Instant runAt;

	private final @Nullable Instant expiresAt;

	private final @Nullable Duration timeout;

	private JobOptions(@Nullable Duration delay, @Nullable Instant runAt, @Nullable Instant expiresAt,
			@Nullable Duration timeout) {
		this.delay = delay;
		this.runAt = runAt;
		this.expiresAt = expiresAt;
		this.timeout = timeout;
	}

	/**
	 * Returns the options of a plain job: runs as soon as a worker is free, never
	 * expires.
	 * @return the options
	 */
	public static JobOptions none() {
		return NONE;
	}

	/**
	 * Returns options for a job that first runs after a delay.
	 * @param delay how long to wait, zero or more; zero runs at once
	 * @return the options
	 * @throws IllegalArgumentException if the delay is null or negative
	 */
	public static JobOptions delay(Duration delay) {
		return NONE.withDelay(delay);
	}

	/**
	 * Returns options for a job that first runs at an instant.
	 * @param runAt when to run; an instant in the past runs at once
	 * @return the options
	 * @throws IllegalArgumentException if the instant is null
	 */
	public static JobOptions runAt(Instant runAt) {
		return NONE.withRunAt(runAt);
	}

	/**
	 * Returns a copy that first runs after a delay, replacing any run-at instant.
	 * @param delay how long to wait, zero or more
	 * @return the new options
	 * @throws IllegalArgumentException if the delay is null or negative
	 */
	public JobOptions withDelay(Duration delay) {
		Assert.isTrue(delay != null && !delay.isNegative(), () -> "delay must not be negative, was " + delay);
		return new JobOptions(delay, null, this.expiresAt, this.timeout);
	}

	/**
	 * Returns a copy that first runs at an instant, replacing any delay.
	 * @param runAt when to run; an instant in the past runs at once
	 * @return the new options
	 * @throws IllegalArgumentException if the instant is null
	 */
	public JobOptions withRunAt(Instant runAt) {
		Assert.notNull(runAt, "runAt must not be null");
		return new JobOptions(null, runAt, this.expiresAt, this.timeout);
	}

	/**
	 * Returns a copy that is failed as expired, never run, unless a worker starts it by
	 * the given instant.
	 * @param expiresAt the last instant at which the job may start
	 * @return the new options
	 * @throws IllegalArgumentException if the instant is null
	 */
	public JobOptions withExpiresAt(Instant expiresAt) {
		Assert.notNull(expiresAt, "expiresAt must not be null");
		return new JobOptions(this.delay, this.runAt, expiresAt, this.timeout);
	}

	/**
	 * Returns a copy whose attempts are each interrupted and failed with
	 * {@code timed out after <timeout>} when they run longer than the timeout. Overrides
	 * the handler's own timeout.
	 * @param timeout at least 1 ms
	 * @return the new options
	 * @throws IllegalArgumentException if the timeout is null or under 1 ms
	 */
	public JobOptions withTimeout(Duration timeout) {
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, () -> "timeout must be at least 1 ms, was " + timeout);
		return new JobOptions(this.delay, this.runAt, this.expiresAt, timeout);
	}

	/**
	 * Returns the delay, if one was set.
	 * @return the delay, or null
	 */
	public @Nullable Duration getDelay() {
		return this.delay;
	}

	/**
	 * Returns the run-at instant, if one was set.
	 * @return the instant, or null
	 */
	public @Nullable Instant getRunAt() {
		return this.runAt;
	}

	/**
	 * Returns the expiry, if one was set.
	 * @return the last instant at which the job may start, or null
	 */
	public @Nullable Instant getExpiresAt() {
		return this.expiresAt;
	}

	/**
	 * Returns the execution timeout, if one was set.
	 * @return the timeout, or null
	 */
	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	/**
	 * Returns when a job enqueued at {@code nowMillis} is due.
	 * @param nowMillis the enqueue time, epoch milliseconds
	 * @return the due time, epoch milliseconds; {@code nowMillis} or earlier when it runs
	 * at once
	 */
	long dueAtMillis(long nowMillis) {
		if (this.runAt != null) {
			return this.runAt.toEpochMilli();
		}
		return (this.delay != null) ? nowMillis + this.delay.toMillis() : nowMillis;
	}

	/**
	 * Whether these options write the reference's plain job.
	 * @return true for a job with no option set
	 */
	boolean isPlain() {
		return this.delay == null && this.runAt == null && this.expiresAt == null && this.timeout == null;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof JobOptions that && Objects.equals(this.delay, that.delay)
				&& Objects.equals(this.runAt, that.runAt) && Objects.equals(this.expiresAt, that.expiresAt)
				&& Objects.equals(this.timeout, that.timeout);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.delay, this.runAt, this.expiresAt, this.timeout);
	}

	@Override
	public String toString() {
		return "JobOptions[delay=" + this.delay + ", runAt=" + this.runAt + ", expiresAt=" + this.expiresAt
				+ ", timeout=" + this.timeout + "]";
	}

}
