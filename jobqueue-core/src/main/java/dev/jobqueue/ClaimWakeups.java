package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Wakes the waiting claims of this process when a job arrives where a blocking claim does
 * not look, or when a queue resumes. A blocking claim waits with BLMOVE on the pending
 * list only, which is all the reference has; a job of another priority level or of a
 * group announces itself on the queue's ready channel ({@code queue:Q:ready}) when its
 * list was empty, and so does a resume. One subscription per process listens to the ready
 * channels of the queues it claims from, and a message
 * <ul>
 * <li>ends the blocked BLMOVEs of that queue with {@code CLIENT UNBLOCK} (each registers
 * the id of its dedicated connection while it blocks), so they claim again at once, and
 * <li>wakes the claims that wait out a pause or a limit.
 * </ul>
 * When the subscription cannot be made (Redis down), waits are cut to
 * {@value #FALLBACK_WAIT_MILLIS} ms so that no job waits longer than that for a claim.
 */
final class ClaimWakeups implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ClaimWakeups.class);

	static final long FALLBACK_WAIT_MILLIS = 1000;

	private static final long RETRY_SUBSCRIBE_NANOS = TimeUnit.SECONDS.toNanos(5);

	private final StringRedisTemplate redis;

	private final RedisConnectionFactory factory;

	private final Map<String, Waiters> queues = new ConcurrentHashMap<>();

	private final ClientIds clientIds = new ClientIds();

	private @Nullable RedisMessageListenerContainer container;

	private long failedAt;

	private boolean closed;

	ClaimWakeups(StringRedisTemplate redis) {
		this.redis = redis;
		this.factory = redis.getRequiredConnectionFactory();
	}

	/**
	 * Returns the number of wake-ups of a queue so far; a wait that starts with this
	 * number ends at once if a wake-up came in between.
	 * @param q the queue
	 * @return the sequence number
	 */
	long sequence(QueueContext q) {
		return waiters(q).sequence;
	}

	/**
	 * Waits until a wake-up of the queue after {@code seen}, or for the given time.
	 * @param q the queue
	 * @param seen the sequence number read before the claim that came back empty
	 * @param millis the longest wait
	 */
	void await(QueueContext q, long seen, long millis) {
		Waiters waiters = waiters(q);
		long wait = subscribed(q) ? millis : Math.min(millis, FALLBACK_WAIT_MILLIS);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
		synchronized (waiters) {
			long left;
			while (waiters.sequence == seen && (left = deadline - System.nanoTime()) > 0) {
				try {
					TimeUnit.NANOSECONDS.timedWait(waiters, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new JobQueueException("Interrupted while waiting to claim from queue '" + q.name + "'", ex);
				}
			}
		}
	}

	/**
	 * Runs a blocking command on a dedicated connection that a wake-up of the queue
	 * unblocks. The command is not sent at all when a wake-up came after {@code seen}.
	 * @param q the queue
	 * @param seen the sequence number read before the claim that came back empty
	 * @param connection the dedicated connection
	 * @param millis the longest wait, which is shortened when there is no subscription
	 * @param command the blocking command, given its timeout in milliseconds
	 * @return what the command returned, or null when it was not sent or unblocked
	 */
	<T> @Nullable T blocking(QueueContext q, long seen, RedisConnection connection, long millis,
			BlockingCommand<T> command) {
		Waiters waiters = waiters(q);
		if (!subscribed(q)) {
			return command.run(Math.min(millis, FALLBACK_WAIT_MILLIS));
		}
		Long clientId = this.clientIds.of(connection);
		if (clientId == null) {
			return command.run(Math.min(millis, FALLBACK_WAIT_MILLIS));
		}
		waiters.blocked.add(clientId);
		try {
			if (waiters.sequence != seen) {
				return null;
			}
			return command.run(millis);
		}
		finally {
			waiters.blocked.remove(clientId);
		}
	}

	/**
	 * Calls a listener on every wake-up of the queue, for a claim that does not wait on a
	 * thread; subscribes to the queue's ready channel first.
	 * @param q the queue
	 * @param listener what to run, on the subscription's thread; must be quick
	 * @return a handle that stops listening, or null when the channel cannot be
	 * subscribed now
	 */
	@Nullable Runnable listen(QueueContext q, Runnable listener) {
		Waiters waiters = waiters(q);
		waiters.listeners.add(listener);
		if (!subscribed(q)) {
			waiters.listeners.remove(listener);
			return null;
		}
		return () -> waiters.listeners.remove(listener);
	}

	private Waiters waiters(QueueContext q) {
		return this.queues.computeIfAbsent(q.name, (name) -> new Waiters(q.keys.ready()));
	}

	/**
	 * Subscribes to the queue's ready channel once; after a failure, tries again every
	 * few seconds at most.
	 * @return whether the channel is subscribed
	 */
	private synchronized boolean subscribed(QueueContext q) {
		Waiters waiters = waiters(q);
		if (waiters.subscribed) {
			return true;
		}
		if (this.closed || (this.failedAt != 0 && System.nanoTime() - this.failedAt < RETRY_SUBSCRIBE_NANOS)) {
			return false;
		}
		try {
			RedisMessageListenerContainer listener = this.container;
			if (listener == null) {
				listener = new RedisMessageListenerContainer();
				listener.setConnectionFactory(this.factory);
				listener.afterPropertiesSet();
				listener.start();
				this.container = listener;
			}
			listener.addMessageListener((message, pattern) -> wake(waiters, message),
					new ChannelTopic(waiters.channel));
			waiters.subscribed = true;
			this.failedAt = 0;
			return true;
		}
		catch (RuntimeException ex) {
			this.failedAt = System.nanoTime();
			logger
				.warn("Subscribing to '" + waiters.channel + "' failed; claims look for jobs of other priority levels "
						+ "and groups every " + FALLBACK_WAIT_MILLIS + " ms until it works: " + ex.getMessage());
			destroyContainer();
			return false;
		}
	}

	private void wake(Waiters waiters, Message message) {
		synchronized (waiters) {
			waiters.sequence++;
			waiters.notifyAll();
		}
		for (Runnable listener : waiters.listeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				logger.warn("A wake-up listener of '" + waiters.channel + "' failed", ex);
			}
		}
		for (Long clientId : waiters.blocked) {
			try {
				this.redis.execute((RedisConnection connection) -> connection.execute("CLIENT",
						"UNBLOCK".getBytes(StandardCharsets.US_ASCII),
						String.valueOf(clientId).getBytes(StandardCharsets.US_ASCII)));
			}
			catch (RuntimeException ex) {
				logger.debug("CLIENT UNBLOCK " + clientId + " failed; that claim ends at its timeout", ex);
			}
		}
	}

	private void destroyContainer() {
		RedisMessageListenerContainer listener = this.container;
		this.container = null;
		for (Waiters waiters : this.queues.values()) {
			waiters.subscribed = false;
		}
		if (listener != null) {
			try {
				listener.destroy();
			}
			catch (Exception ex) {
				logger.debug("Closing the ready-channel subscription failed", ex);
			}
		}
	}

	/**
	 * Subscribes again on the next wait, after a {@link #close()}.
	 */
	synchronized void open() {
		this.closed = false;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		destroyContainer();
	}

	/**
	 * A blocking command given its timeout.
	 */
	@FunctionalInterface
	interface BlockingCommand<T> {

		@Nullable T run(long timeoutMillis);

	}

	private static final class Waiters {

		final String channel;

		final Set<Long> blocked = ConcurrentHashMap.newKeySet();

		final Set<Runnable> listeners = new CopyOnWriteArraySet<>();

		volatile long sequence;

		volatile boolean subscribed;

		Waiters(String channel) {
			this.channel = channel;
		}

	}

}
