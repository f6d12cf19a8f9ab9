package dev.jobqueue.config;

import java.time.Duration;

import dev.jobqueue.worker.RetryConfig;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one queue as configured, or of every queue when used as the defaults; each
 * null component is left to the defaults, and then to the constants of
 * {@link dev.jobqueue.QueueSettings}, {@link dev.jobqueue.worker.JobWorkerSettings} and
 * {@link QueueSettingsResolver}.
 *
 * @param enabled whether this application runs workers for the queue and sweeps it
 * @param keyPrefix the first key segment
 * @param clusterHashTag whether the queue name is wrapped in a Redis Cluster hash tag
 * @param visibilityTimeout how long a claimed job may run before a sweep returns it
 * @param maxAttempts how many claims a job gets before a failure or a timeout is final
 * @param historySize how many ids the completed and failed lists keep
 * @param finishedTtl how long the hash of a finished job is kept
 * @param maxPayloadBytes the largest payload, in UTF-8 bytes of JSON, enqueue accepts
 * @param concurrency how many jobs of the queue run at once
 * @param claimTimeout how long one blocking claim waits for a job
 * @param shutdownTimeout how long stopping waits for running jobs
 * @param leaseExtension whether the claims of running jobs are extended
 * @param reclaimInterval how often the queue is swept
 * @param retry how failed attempts are retried ({@link RetryConfig#EMPTY} for the
 * defaults)
 * @param executionTimeout how long one attempt of a job may run before its thread is
 * interrupted and the attempt fails
 */
public record QueueConfig(@Nullable Boolean enabled, @Nullable String keyPrefix, @Nullable Boolean clusterHashTag,
		@Nullable Duration visibilityTimeout, @Nullable Integer maxAttempts, @Nullable Integer historySize,
		@Nullable Duration finishedTtl, @Nullable Integer maxPayloadBytes, @Nullable Integer concurrency,
		@Nullable Duration claimTimeout, @Nullable Duration shutdownTimeout, @Nullable Boolean leaseExtension,
		@Nullable Duration reclaimInterval, RetryConfig retry, @Nullable Duration executionTimeout) {

	/** Nothing configured: every value comes from the defaults. */
	public static final QueueConfig EMPTY = new QueueConfig(null, null, null, null, null, null, null, null, null, null,
			null, null, null, RetryConfig.EMPTY, null);

	/**
	 * Creates a configuration that leaves retries and the execution timeout to the
	 * defaults.
	 * @param enabled see the record description
	 * @param keyPrefix see the record description
	 * @param clusterHashTag see the record description
	 * @param visibilityTimeout see the record description
	 * @param maxAttempts see the record description
	 * @param historySize see the record description
	 * @param finishedTtl see the record description
	 * @param maxPayloadBytes see the record description
	 * @param concurrency see the record description
	 * @param claimTimeout see the record description
	 * @param shutdownTimeout see the record description
	 * @param leaseExtension see the record description
	 * @param reclaimInterval see the record description
	 */
	public QueueConfig(@Nullable Boolean enabled, @Nullable String keyPrefix, @Nullable Boolean clusterHashTag,
			@Nullable Duration visibilityTimeout, @Nullable Integer maxAttempts, @Nullable Integer historySize,
			@Nullable Duration finishedTtl, @Nullable Integer maxPayloadBytes, @Nullable Integer concurrency,
			@Nullable Duration claimTimeout, @Nullable Duration shutdownTimeout, @Nullable Boolean leaseExtension,
			@Nullable Duration reclaimInterval) {
		this(enabled, keyPrefix, clusterHashTag, visibilityTimeout, maxAttempts, historySize, finishedTtl,
				maxPayloadBytes, concurrency, claimTimeout, shutdownTimeout, leaseExtension, reclaimInterval,
				RetryConfig.EMPTY, null);
	}

}
