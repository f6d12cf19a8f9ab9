package dev.jobqueue;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Settings of one named queue: where its keys live and how its jobs are timed out,
 * retried and kept. Defaults are the reference helper's: visibility 5000 ms, 3 attempts,
 * a history of 50 and finished jobs kept for 300 s.
 *
 * @param name the queue name, the {@code Q} in {@code queue:Q:pending}
 * @param keyPrefix the first key segment, {@code queue} in the reference layout
 * @param hashTagged whether the name is wrapped in a Redis Cluster hash tag
 * ({@code queue:{Q}:pending})
 * @param visibilityTimeout how long a claimed job may run before a sweep returns it to
 * pending
 * @param maxAttempts how many claims a job gets before a failure or a timeout is final
 * @param historySize how many ids the completed and failed lists keep, at least 1
 * @param finishedTtl how long the hash of a completed or failed job is kept
 * @param maxPayloadBytes the largest payload, in UTF-8 bytes of JSON, that enqueue
 * accepts
 */
public record QueueSettings(String name, String keyPrefix, boolean hashTagged, Duration visibilityTimeout,
		int maxAttempts, int historySize, Duration finishedTtl, int maxPayloadBytes) {

	/** The reference's default queue name. */
	public static final String DEFAULT_QUEUE = "jobs";

	/** The reference's key prefix. */
	public static final String DEFAULT_KEY_PREFIX = "queue";

	/** Default largest payload: 1 MiB of JSON. */
	public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;

	/** The reference's visibility timeout. */
	public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofMillis(5000);

	/** The reference's number of claims before a failure is final. */
	public static final int DEFAULT_MAX_ATTEMPTS = 3;

	/** The reference's number of ids kept in the completed and failed lists. */
	public static final int DEFAULT_HISTORY_SIZE = 50;

	/** The reference's time to keep the hash of a finished job. */
	public static final Duration DEFAULT_FINISHED_TTL = Duration.ofSeconds(300);

	/**
	 * Creates settings after validating every component.
	 * @param name see the record description
	 * @param keyPrefix see the record description
	 * @param hashTagged see the record description
	 * @param visibilityTimeout see the record description
	 * @param maxAttempts see the record description
	 * @param historySize see the record description
	 * @param finishedTtl see the record description
	 * @param maxPayloadBytes see the record description
	 * @throws IllegalArgumentException naming the first invalid component
	 */
	public QueueSettings {
		Assert.isTrue(name != null && !name.isBlank(), "name must not be blank");
		Assert.isTrue(keyPrefix != null && !keyPrefix.isBlank(), "keyPrefix must not be blank");
		Assert.isTrue(visibilityTimeout != null && visibilityTimeout.toMillis() > 0,
				() -> "visibilityTimeout must be at least 1 ms, was " + visibilityTimeout);
		Assert.isTrue(maxAttempts > 0, () -> "maxAttempts must be positive, was " + maxAttempts);
		// 0 cannot mean "keep none": the trim would be LTRIM list 0 -1, which keeps every
		// id
		Assert.isTrue(historySize >= 1, () -> "historySize must be at least 1, was " + historySize);
		Assert.isTrue(finishedTtl != null && finishedTtl.toSeconds() > 0,
				() -> "finishedTtl must be at least 1 s, was " + finishedTtl);
		Assert.isTrue(maxPayloadBytes > 0, () -> "maxPayloadBytes must be positive, was " + maxPayloadBytes);
	}

	/**
	 * Returns the reference's defaults for the given queue.
	 * @param name the queue name, not blank
	 * @return the settings
	 * @throws IllegalArgumentException if the name is blank
	 */
	public static QueueSettings defaults(String name) {
		return new QueueSettings(name, DEFAULT_KEY_PREFIX, false, DEFAULT_VISIBILITY_TIMEOUT, DEFAULT_MAX_ATTEMPTS,
				DEFAULT_HISTORY_SIZE, DEFAULT_FINISHED_TTL, DEFAULT_MAX_PAYLOAD_BYTES);
	}

	/**
	 * Returns a copy with another visibility timeout.
	 * @param visibilityTimeout at least 1 ms
	 * @return the new settings
	 */
	public QueueSettings withVisibilityTimeout(Duration visibilityTimeout) {
		return new QueueSettings(this.name, this.keyPrefix, this.hashTagged, visibilityTimeout, this.maxAttempts,
				this.historySize, this.finishedTtl, this.maxPayloadBytes);
	}

	/**
	 * Returns a copy with another attempt limit.
	 * @param maxAttempts at least 1
	 * @return the new settings
	 */
	public QueueSettings withMaxAttempts(int maxAttempts) {
		return new QueueSettings(this.name, this.keyPrefix, this.hashTagged, this.visibilityTimeout, maxAttempts,
				this.historySize, this.finishedTtl, this.maxPayloadBytes);
	}

	/**
	 * Returns a copy with another history size.
	 * @param historySize at least 1
	 * @return the new settings
	 */
	public QueueSettings withHistorySize(int historySize) {
		return new QueueSettings(this.name, this.keyPrefix, this.hashTagged, this.visibilityTimeout, this.maxAttempts,
				historySize, this.finishedTtl, this.maxPayloadBytes);
	}

	/**
	 * Returns a copy with another time to keep finished jobs.
	 * @param finishedTtl at least 1 s
	 * @return the new settings
	 */
	public QueueSettings withFinishedTtl(Duration finishedTtl) {
		return new QueueSettings(this.name, this.keyPrefix, this.hashTagged, this.visibilityTimeout, this.maxAttempts,
				this.historySize, finishedTtl, this.maxPayloadBytes);
	}

	/**
	 * Returns a copy with another key layout.
	 * @param keyPrefix the first key segment, not blank
	 * @param hashTagged whether to wrap the queue name in a Redis Cluster hash tag
	 * @return the new settings
	 */
	public QueueSettings withKeys(String keyPrefix, boolean hashTagged) {
		return new QueueSettings(this.name, keyPrefix, hashTagged, this.visibilityTimeout, this.maxAttempts,
				this.historySize, this.finishedTtl, this.maxPayloadBytes);
	}

	/**
	 * Returns a copy with another payload size limit.
	 * @param maxPayloadBytes at least 1
	 * @return the new settings
	 */
	public QueueSettings withMaxPayloadBytes(int maxPayloadBytes) {
		return new QueueSettings(this.name, this.keyPrefix, this.hashTagged, this.visibilityTimeout, this.maxAttempts,
				this.historySize, this.finishedTtl, maxPayloadBytes);
	}

	/**
	 * Returns the key names of this queue.
	 * @return the keys
	 */
	public QueueKeys keys() {
		return new QueueKeys(this.keyPrefix, this.name, this.hashTagged);
	}

}
