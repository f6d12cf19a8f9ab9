package dev.jobqueue.worker;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Retry settings as configured for a queue or a handler: each null component takes the
 * value it overrides, and the not-retryable types add to those of the level below (every
 * queue, then the queue, then the handler).
 *
 * @param delay the wait before the first retry, or null
 * @param multiplier how much longer each next retry waits, or null
 * @param maxDelay the longest wait, or null
 * @param jitter the random part of the first wait, or null
 * @param notRetryable exception types that fail a job for good at once, added to the
 * others
 * @see JobRetrySettings
 */
public record RetryConfig(@Nullable Duration delay, @Nullable Double multiplier, @Nullable Duration maxDelay,
		@Nullable Duration jitter, List<Class<? extends Throwable>> notRetryable) {

	/** Nothing configured: everything comes from the level below. */
	public static final RetryConfig EMPTY = new RetryConfig(null, null, null, null, List.of());

	/**
	 * Creates a configuration.
	 * @param delay see the record description
	 * @param multiplier see the record description
	 * @param maxDelay see the record description
	 * @param jitter see the record description
	 * @param notRetryable see the record description
	 */
	public RetryConfig {
		Assert.notNull(notRetryable, "notRetryable must not be null");
		notRetryable = List.copyOf(notRetryable);
	}

	/**
	 * Applies this configuration over resolved settings.
	 * @param base the settings of the level below
	 * @return the settings with each configured value in place
	 * @throws IllegalArgumentException naming the first invalid value
	 */
	public JobRetrySettings applyTo(JobRetrySettings base) {
		Duration resolvedDelay = (this.delay != null) ? this.delay : base.delay();
		Duration resolvedMaxDelay = (this.maxDelay != null) ? this.maxDelay : base.maxDelay();
		if (this.maxDelay == null && resolvedMaxDelay.compareTo(resolvedDelay) < 0) {
			// a longer delay than the inherited cap raises the cap with it
			resolvedMaxDelay = resolvedDelay;
		}
		return new JobRetrySettings(resolvedDelay, (this.multiplier != null) ? this.multiplier : base.multiplier(),
				resolvedMaxDelay, (this.jitter != null) ? this.jitter : base.jitter(), base.notRetryable())
			.withNotRetryable(this.notRetryable);
	}

}
