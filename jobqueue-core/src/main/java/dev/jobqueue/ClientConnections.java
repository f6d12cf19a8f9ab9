package dev.jobqueue;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What the clients of {@link JobQueueClients} keep open beside the connection factory's
 * shared connection: the dedicated connections of blocking claims and durable enqueues,
 * the claims' wake-up subscription, and the one subscription that brings job events to
 * result waits and cancels to worker containers. Opened and closed as one.
 */
final class ClientConnections {

	final BlockingConnections blocking;

	final ClaimWakeups wakeups;

	final JobEventSubscriber events;

	final JobWaits waits;

	ClientConnections(StringRedisTemplate redis, ScriptRunner runner, JobPayloadConverter converter) {
		this.blocking = new BlockingConnections(redis.getRequiredConnectionFactory());
		this.events = new JobEventSubscriber(redis.getRequiredConnectionFactory());
		this.waits = new JobWaits(runner, converter, this.events);
		this.wakeups = new ClaimWakeups(redis);
	}

	/**
	 * Keeps dedicated connections again after a {@link #close()}.
	 */
	void open() {
		this.blocking.open();
		this.wakeups.open();
	}

	/**
	 * Closes the dedicated connections and the subscriptions; waits still open end with a
	 * {@link JobQueueException}.
	 */
	void close() {
		this.wakeups.close();
		this.waits.close();
		this.events.close();
		this.blocking.close();
	}

}
