package dev.jobqueue.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * How the failed attempts of a queue's jobs (or of one handler's) are retried: how long a
 * retry waits in the delayed set before it is pending again, and which exceptions fail a
 * job for good at once. The wait is Spring Framework's {@link ExponentialBackOff}: the
 * first retry waits {@code delay}, each next one {@code multiplier} times longer, never
 * more than {@code maxDelay}; a {@code jitter} adds or subtracts a random part that grows
 * with the multiplier (as {@link ExponentialBackOff#setJitter} does), never below
 * {@code delay} nor above {@code maxDelay}. A multiplier of 1 without jitter is a
 * {@link FixedBackOff}; a delay of zero retries at once, as the reference does, whatever
 * the other values.
 *
 * @param delay the wait before the first retry; zero retries at once by pushing the job
 * back to pending, as the reference does
 * @param multiplier how much longer each next retry waits, at least 1 (1 keeps the delay
 * fixed)
 * @param maxDelay the longest wait, at least the delay
 * @param jitter the random part added to or taken from the first wait, scaled with the
 * multiplier after it; zero for none
 * @param notRetryable exception types that fail a job for good at once, matched with
 * their subclasses and as the cause of another exception
 */
public record JobRetrySettings(Duration delay, double multiplier, Duration maxDelay, Duration jitter,
		List<Class<? extends Throwable>> notRetryable) {

	/** The starter's first wait: 1 s. */
	public static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);

	/** The starter's growth of the wait: doubling. */
	public static final double DEFAULT_MULTIPLIER = 2.0;

	/** The starter's longest wait: 5 minutes. */
	public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(5);

	/**
	 * The starter's jitter: 500 ms on the first wait, so a retry waits between 1 and 1.5
	 * s, then between 2 and 3 s, 4 and 6 s, and so on.
	 */
	public static final Duration DEFAULT_JITTER = Duration.ofMillis(500);

	private static final int MAX_CAUSE_DEPTH = 16;

	/**
	 * Creates settings after validating them.
	 * @param delay see the record description
	 * @param multiplier see the record description
	 * @param maxDelay see the record description
	 * @param jitter see the record description
	 * @param notRetryable see the record description
	 * @throws IllegalArgumentException naming the first invalid component
	 */
	public JobRetrySettings {
		Assert.isTrue(delay != null && !delay.isNegative(), () -> "delay must not be negative, was " + delay);
		Assert.isTrue(multiplier >= 1 && Double.isFinite(multiplier),
				() -> "multiplier must be at least 1, was " + multiplier);
		Assert.isTrue(maxDelay != null && maxDelay.compareTo(delay) >= 0,
				() -> "maxDelay must be at least the delay (" + delay + "), was " + maxDelay);
		Assert.isTrue(jitter != null && !jitter.isNegative(), () -> "jitter must not be negative, was " + jitter);
		Assert.notNull(notRetryable, "notRetryable must not be null");
		Assert.noNullElements(notRetryable, "notRetryable must not contain null");
		notRetryable = List.copyOf(new LinkedHashSet<>(notRetryable));
	}

	/**
	 * Returns the starter's default: exponential with jitter, 1 s doubling up to 5
	 * minutes, 500 ms jitter.
	 * @return the settings
	 */
	public static JobRetrySettings exponential() {
		return new JobRetrySettings(DEFAULT_DELAY, DEFAULT_MULTIPLIER, DEFAULT_MAX_DELAY, DEFAULT_JITTER, List.of());
	}

	/**
	 * Returns the reference's behaviour: a failed attempt goes straight back to pending.
	 * The default of a {@link JobWorkerContainerFactory} without Spring Boot.
	 * @return the settings
	 */
	public static JobRetrySettings immediate() {
		return new JobRetrySettings(Duration.ZERO, 1, Duration.ZERO, Duration.ZERO, List.of());
	}

	/**
	 * Returns a fixed wait before every retry.
	 * @param delay the wait; zero retries at once
	 * @return the settings
	 */
	public static JobRetrySettings fixed(Duration delay) {
		return new JobRetrySettings(delay, 1, delay, Duration.ZERO, List.of());
	}

	/**
	 * Returns a copy with more exception types that fail a job for good at once.
	 * @param types the types to add
	 * @return the new settings
	 */
	public JobRetrySettings withNotRetryable(List<Class<? extends Throwable>> types) {
		List<Class<? extends Throwable>> all = new ArrayList<>(this.notRetryable);
		all.addAll(types);
		return new JobRetrySettings(this.delay, this.multiplier, this.maxDelay, this.jitter, all);
	}

	/**
	 * Returns the wait as a Spring {@link BackOff}: an {@link ExponentialBackOff} when
	 * the wait grows or has jitter, a {@link FixedBackOff} otherwise (of zero for an
	 * immediate retry when the delay is zero). It never stops by itself; the queue's max
	 * attempts end the retries.
	 * @return the back-off
	 */
	public BackOff toBackOff() {
		if (this.delay.isZero() || (this.multiplier == 1 && this.jitter.isZero())) {
			return new FixedBackOff(this.delay.toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS);
		}
		ExponentialBackOff backOff = new ExponentialBackOff(this.delay.toMillis(), this.multiplier);
		backOff.setMaxInterval(this.maxDelay.toMillis());
		backOff.setJitter(this.jitter.toMillis());
		return backOff;
	}

	/**
	 * Returns these settings as a Spring {@link RetryPolicy}: it retries every exception
	 * but the not-retryable types (also found as a cause), waiting as
	 * {@link #toBackOff()}.
	 * @return the policy
	 */
	public RetryPolicy toRetryPolicy() {
		BackOff backOff = toBackOff();
		List<Class<? extends Throwable>> types = this.notRetryable;
		return new RetryPolicy() {

			@Override
			public boolean shouldRetry(Throwable throwable) {
				return !matches(types, throwable);
			}

			@Override
			public BackOff getBackOff() {
				return backOff;
			}

		};
	}

	/**
	 * Returns how long the retry after a failed attempt waits under a policy's back-off:
	 * the value its execution gives for that retry.
	 * @param policy the policy
	 * @param attempt the attempt that failed, 1 for the first
	 * @return the wait, or null when the back-off says to stop retrying
	 */
	static @Nullable Duration delayOf(RetryPolicy policy, int attempt) {
		BackOffExecution execution = policy.getBackOff().start();
		long millis = BackOffExecution.STOP;
		for (int i = 0; i < Math.max(attempt, 1); i++) {
			millis = execution.nextBackOff();
			if (millis == BackOffExecution.STOP) {
				return null;
			}
		}
		return Duration.ofMillis(Math.max(millis, 0));
	}

	/**
	 * Whether an exception or one of its causes is of one of the types.
	 * @param types the types, matched with their subclasses
	 * @param exception the exception
	 * @return true on a match
	 */
	static boolean matches(List<Class<? extends Throwable>> types, Throwable exception) {
		@Nullable Throwable current = exception;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			for (Class<? extends Throwable> type : types) {
				if (type.isInstance(current)) {
					return true;
				}
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
	}

}
