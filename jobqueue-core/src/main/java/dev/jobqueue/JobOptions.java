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

	private static final JobOptions NONE = new JobOptions(null, null, null, null, null, null, null);

	/** The highest of the default priority levels. */
	public static final String HIGH = "high";

	/**
	 * The level of a job enqueued without a priority: the reference's pending list, which
	 * reference producers and workers use.
	 */
	public static final String NORMAL = "normal";

	/** The lowest of the default priority levels. */
	public static final String LOW = "low";

	/** The longest group key, in characters. */
	public static final int MAX_GROUP_LENGTH = 200;

	private final @Nullable Duration delay;

	private final @Nullable Instant runAt;

	private final @Nullable Instant expiresAt;

	private final @Nullable Duration timeout;

	private final @Nullable String priority;

	private final @Nullable String group;

	private final @Nullable Boolean lifo;

	private JobOptions(@Nullable Duration delay, @Nullable Instant runAt, @Nullable Instant expiresAt,
			@Nullable Duration timeout, @Nullable String priority, @Nullable String group, @Nullable Boolean lifo) {
		this.delay = delay;
		this.runAt = runAt;
		this.expiresAt = expiresAt;
		this.timeout = timeout;
		this.priority = priority;
		this.group = group;
		this.lifo = lifo;
	}

	/**
	 * Returns options for a job of a priority level.
	 * @param priority a level of the queue's {@link FlowControl#priorities()}, such as
	 * {@link #HIGH}, {@link #NORMAL} or {@link #LOW}
	 * @return the options
	 * @throws IllegalArgumentException if the level is not a valid level name
	 */
	public static JobOptions priority(String priority) {
		return NONE.withPriority(priority);
	}

	/**
	 * Returns options for a job of a group (see {@link #withGroup(String)}).
	 * @param group the group key
	 * @return the options
	 * @throws IllegalArgumentException if the key is blank or too long
	 */
	public static JobOptions group(String group) {
		return NONE.withGroup(group);
	}

	/**
	 * Returns a copy of another priority level. A job of a level other than
	 * {@link #NORMAL} waits in its level's own list ({@code queue:Q:pending:<level>}),
	 * which reference workers do not read; a claim takes the oldest job of the highest
	 * level with jobs. Whether the level exists on the queue is checked at enqueue.
	 * @param priority the level: lower-case letters, digits, {@code -} and {@code _}
	 * @return the new options
	 * @throws IllegalArgumentException if the level is not a valid level name
	 */
	public JobOptions withPriority(String priority) {
		FlowControl.checkLevel(priority, "priority");
		return new JobOptions(this.delay, this.runAt, this.expiresAt, this.timeout,
				NORMAL.equals(priority) ? null : priority, this.group, this.lifo);
	}

	/**
	 * Returns a copy in a group: a tenant, a customer, an API token. At most the queue's
	 * {@link FlowControl#groupConcurrency()} jobs of one group run at once across all
	 * instances, and claims rotate between the groups with jobs waiting, so a large group
	 * cannot starve a small one. A job of a group runs at the normal level whatever its
	 * priority: groups and priority levels do not combine yet.
	 * @param group the group key, not blank, at most {@value #MAX_GROUP_LENGTH}
	 * characters
	 * @return the new options
	 * @throws IllegalArgumentException if the key is blank or too long
	 */
	public JobOptions withGroup(String group) {
		Assert.isTrue(group != null && !group.isBlank(), "group must not be blank");
		Assert.isTrue(group.length() <= MAX_GROUP_LENGTH,
				() -> "group must be at most " + MAX_GROUP_LENGTH + " characters, was " + group.length());
		return new JobOptions(this.delay, this.runAt, this.expiresAt, this.timeout, this.priority, group, this.lifo);
	}

	/**
	 * Returns a copy that runs next (true) or last (false) among the waiting jobs of its
	 * level or group, whatever the queue's {@link FlowControl#lifo()} default.
	 * @param lifo true to push the job to the end claims take from
	 * @return the new options
	 */
	public JobOptions withLifo(boolean lifo) {
		return new JobOptions(this.delay, this.runAt, this.expiresAt, this.timeout, this.priority, this.group, lifo);
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
		return new JobOptions(delay, null, this.expiresAt, this.timeout, this.priority, this.group, this.lifo);
	}

	/**
	 * Returns a copy that first runs at an instant, replacing any delay.
	 * @param runAt when to run; an instant in the past runs at once
	 * @return the new options
	 * @throws IllegalArgumentException if the instant is null
	 */
	public JobOptions withRunAt(Instant runAt) {
		Assert.notNull(runAt, "runAt must not be null");
		return new JobOptions(null, runAt, this.expiresAt, this.timeout, this.priority, this.group, this.lifo);
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
		return new JobOptions(this.delay, this.runAt, expiresAt, this.timeout, this.priority, this.group, this.lifo);
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
		return new JobOptions(this.delay, this.runAt, this.expiresAt, timeout, this.priority, this.group, this.lifo);
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
	 * Returns the priority level, if one other than {@link #NORMAL} was set.
	 * @return the level, or null for normal
	 */
	public @Nullable String getPriority() {
		return this.priority;
	}

	/**
	 * Returns the group, if one was set.
	 * @return the group key, or null
	 */
	public @Nullable String getGroup() {
		return this.group;
	}

	/**
	 * Returns whether the job runs next rather than last, if set.
	 * @return the choice, or null for the queue's default
	 */
	public @Nullable Boolean getLifo() {
		return this.lifo;
	}

	/**
	 * Whether these options write the reference's plain job.
	 * @return true for a job with no option set
	 */
	boolean isPlain() {
		return this.delay == null && this.runAt == null && this.expiresAt == null && this.timeout == null
				&& this.priority == null && this.group == null && this.lifo == null;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof JobOptions that && Objects.equals(this.delay, that.delay)
				&& Objects.equals(this.runAt, that.runAt) && Objects.equals(this.expiresAt, that.expiresAt)
				&& Objects.equals(this.timeout, that.timeout) && Objects.equals(this.priority, that.priority)
				&& Objects.equals(this.group, that.group) && Objects.equals(this.lifo, that.lifo);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.delay, this.runAt, this.expiresAt, this.timeout, this.priority, this.group, this.lifo);
	}

	@Override
	public String toString() {
		return "JobOptions[delay=" + this.delay + ", runAt=" + this.runAt + ", expiresAt=" + this.expiresAt
				+ ", timeout=" + this.timeout + ", priority=" + this.priority + ", group=" + this.group + ", lifo="
				+ this.lifo + "]";
	}

}
