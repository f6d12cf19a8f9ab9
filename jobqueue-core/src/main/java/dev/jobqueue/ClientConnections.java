package dev.jobqueue;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.ClassUtils;

/**
 * What the clients of {@link JobQueueClients} keep open beside the connection factory's
 * shared connection: the dedicated connections of blocking claims and durable enqueues,
 * the claims' wake-up subscription, the tracking of pending lists (made when a container
 * first watches one), and the one subscription that brings job events to result waits and
 * cancels to worker containers. Opened and closed as one.
 */
final class ClientConnections {

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			ClientConnections.class.getClassLoader());

	final BlockingConnections blocking;

	final ClaimWakeups wakeups;

	final JobEventSubscriber events;

	final JobWaits waits;

	private final RedisConnectionFactory factory;

	private @Nullable PendingKeyTracking tracking;

	private boolean trackingChecked;

	ClientConnections(StringRedisTemplate redis, ScriptRunner runner, JobPayloadConverter converter) {
		this.blocking = new BlockingConnections(redis.getRequiredConnectionFactory());
		this.events = new JobEventSubscriber(redis.getRequiredConnectionFactory());
		this.waits = new JobWaits(runner, converter, this.events);
		this.wakeups = new ClaimWakeups(redis);
		this.factory = redis.getRequiredConnectionFactory();
	}

	/**
	 * Returns the tracking of pending lists, made on first use, or null when the
	 * connection factory cannot track (not Lettuce, or a Cluster).
	 * @return the tracking or null
	 */
	synchronized @Nullable PendingKeyTracking tracking() {
		if (!this.trackingChecked) {
			this.trackingChecked = true;
			this.tracking = LETTUCE_PRESENT ? PendingKeyTracking.create(this.factory) : null;
		}
		return this.tracking;
	}

	/**
	 * Keeps dedicated connections again after a {@link #close()}.
	 */
	void open() {
		this.blocking.open();
		this.wakeups.open();
		PendingKeyTracking current = currentTracking();
		if (current != null) {
			current.open();
		}
	}

	/**
	 * Closes the dedicated connections and the subscriptions; waits still open end with a
	 * {@link JobQueueException}.
	 */
	void close() {
		PendingKeyTracking current = currentTracking();
		if (current != null) {
			current.close();
		}
		this.wakeups.close();
		this.waits.close();
		this.events.close();
		this.blocking.close();
	}

	private synchronized @Nullable PendingKeyTracking currentTracking() {
		return this.tracking;
	}

}
