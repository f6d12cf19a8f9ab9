package dev.jobqueue;

import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.TrackingArgs;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Tells worker containers when a job may have arrived on a pending list, without polling:
 * Redis server-assisted client-side caching in broadcast mode. One connection of the
 * process runs {@code CLIENT TRACKING ON REDIRECT <id> BCAST PREFIX queue:Q:pending ...}
 * for the pending lists watched, redirecting to a second connection subscribed to
 * {@code __redis__:invalidate} (RESP2; under RESP3 the same message arrives as a push).
 * Any write to a watched key by any client (an enqueue, a reference helper's LPUSH, a
 * promotion, a retry, a claim) then sends one invalidation naming the key: Redis sends
 * one message per prefix and event-loop iteration, so a burst of writes to one list is
 * one message.
 * <p>
 * Prefixes must not overlap in Redis ({@code queue:a:pending} would cover
 * {@code queue:a:pending:b:pending}): a key under a watched prefix adds no prefix, and a
 * key that covers watched prefixes re-enables tracking with the shorter set; an
 * invalidation wakes every watched key under the prefix it names. Tracking is lost with
 * either connection, so when either one drops both are opened again, tracking enabled
 * again, and every watcher woken once (a job may have arrived meanwhile). Needs Lettuce
 * on a standalone or Sentinel-managed Redis 6 or later; {@link #create} returns null
 * otherwise.
 */
final class PendingKeyTracking implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(PendingKeyTracking.class);

	private static final long MAX_RETRY_MILLIS = 1000;

	private final RedisClient client;

	private final Map<String, Set<Runnable>> watchers = new ConcurrentHashMap<>();

	/** The prefixes tracking is on for: none is a prefix of another. */
	private final TreeSet<String> prefixes = new TreeSet<>();

	/** A copy of the prefixes for the event-loop threads, which take no lock. */
	private volatile NavigableSet<String> tracked = new TreeSet<>();

	private final ScheduledExecutorService reconnects;

	private @Nullable TrackingConnections connections;

	private long retryMillis;

	private boolean closed;

	private PendingKeyTracking(RedisClient client) {
		this.client = client;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("jobqueue-tracking-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
		executor.setKeepAliveTime(10, TimeUnit.SECONDS);
		executor.allowCoreThreadTimeOut(true);
		this.reconnects = executor;
	}

	/**
	 * Creates the tracking of a connection factory when it can track: a Lettuce factory
	 * on a standalone or Sentinel-managed server (not a Cluster).
	 * @param factory the connection factory
	 * @return the tracking, or null when the factory cannot track
	 */
	static @Nullable PendingKeyTracking create(RedisConnectionFactory factory) {
		if (!(factory instanceof LettuceConnectionFactory lettuce) || lettuce.isClusterAware()) {
			return null;
		}
		return (lettuce.getNativeClient() instanceof RedisClient client) ? new PendingKeyTracking(client) : null;
	}

	/**
	 * Watches a key: the listener runs (on a Lettuce event-loop thread, so it must be
	 * quick) after each write to it, and once after tracking was re-established. Tracking
	 * is on when this returns.
	 * @param key the key
	 * @param listener what to run
	 * @return a handle that stops watching
	 * @throws RuntimeException if tracking cannot be enabled (Redis before 6, Redis down)
	 */
	synchronized Runnable watch(String key, Runnable listener) {
		if (this.closed) {
			throw new IllegalStateException("Key tracking is closed");
		}
		TrackingConnections current = connected();
		this.watchers.computeIfAbsent(key, (k) -> new CopyOnWriteArraySet<>()).add(listener);
		try {
			track(current, key);
		}
		catch (RuntimeException ex) {
			unwatch(key, listener);
			throw ex;
		}
		return () -> unwatch(key, listener);
	}

	private void unwatch(String key, Runnable listener) {
		Set<Runnable> listeners = this.watchers.get(key);
		if (listeners != null) {
			listeners.remove(listener);
		}
		// the prefix stays tracked: an unwatched list costs one ignored message per write
	}

	private void track(TrackingConnections current, String key) {
		String covering = this.prefixes.floor(key);
		if (covering != null && key.startsWith(covering)) {
			return;
		}
		boolean covers = this.prefixes.stream().anyMatch((prefix) -> prefix.startsWith(key));
		if (!covers) {
			current.tracker()
				.sync()
				.clientTracking(TrackingArgs.Builder.enabled().redirect(current.subscriberId()).bcast().prefixes(key));
			this.prefixes.add(key);
			this.tracked = new TreeSet<>(this.prefixes);
			return;
		}
		// Redis refuses overlapping prefixes: track the shorter set from scratch and wake
		// everyone, since writes between OFF and ON are not reported
		this.prefixes.removeIf((prefix) -> prefix.startsWith(key));
		this.prefixes.add(key);
		this.tracked = new TreeSet<>(this.prefixes);
		current.tracker().sync().clientTracking(TrackingArgs.Builder.enabled(false));
		enable(current);
		wakeAll();
	}

	private void enable(TrackingConnections current) {
		if (!this.prefixes.isEmpty()) {
			current.tracker()
				.sync()
				.clientTracking(TrackingArgs.Builder.enabled()
					.redirect(current.subscriberId())
					.bcast()
					.prefixes(this.prefixes.toArray(String[]::new)));
		}
	}

	private TrackingConnections connected() {
		TrackingConnections current = this.connections;
		if (current == null || current.isDropped()) {
			boolean reopened = current != null;
			if (current != null) {
				current.close();
			}
			this.connections = null;
			current = TrackingConnections.open(this.client, this::invalidated, this::lost);
			this.connections = current;
			enable(current);
			if (reopened) {
				wakeAll();
			}
		}
		return current;
	}

	/**
	 * Wakes the watchers of the keys named, and of every key under the same tracked
	 * prefix (Redis sends one message per prefix, and a client library may pass on only
	 * its first key); null (a flush) wakes everyone.
	 */
	private void invalidated(@Nullable List<String> keys) {
		if (keys == null || keys.isEmpty()) {
			wakeAll();
			return;
		}
		Set<String> prefixes = new TreeSet<>();
		NavigableSet<String> snapshot = this.tracked;
		for (String key : keys) {
			String prefix = snapshot.floor(key);
			prefixes.add((prefix != null && key.startsWith(prefix)) ? prefix : key);
		}
		for (Map.Entry<String, Set<Runnable>> entry : this.watchers.entrySet()) {
			for (String prefix : prefixes) {
				if (entry.getKey().startsWith(prefix)) {
					entry.getValue().forEach(PendingKeyTracking::runQuietly);
					break;
				}
			}
		}
	}

	private void wakeAll() {
		this.watchers.values().forEach((listeners) -> listeners.forEach(PendingKeyTracking::runQuietly));
	}

	private static void runQuietly(Runnable listener) {
		try {
			listener.run();
		}
		catch (RuntimeException ex) {
			logger.warn("A pending-list watcher failed", ex);
		}
	}

	/**
	 * Either connection dropped or reconnected on its own: tracking is gone (a
	 * reconnected subscriber has a new id), so both are opened again. Runs on an
	 * event-loop thread: takes no lock.
	 */
	private void lost(TrackingConnections lost) {
		if (this.closed || lost.markDropped()) {
			return;
		}
		this.reconnects.execute(() -> reopen(lost));
	}

	private void reopen(TrackingConnections lost) {
		synchronized (this) {
			if (this.closed || this.connections != lost) {
				return;
			}
			lost.close();
			try {
				TrackingConnections fresh = TrackingConnections.open(this.client, this::invalidated, this::lost);
				this.connections = fresh;
				enable(fresh);
				this.retryMillis = 0;
				logger.info("Tracking of " + this.prefixes.size() + " pending lists re-established");
			}
			catch (RuntimeException ex) {
				TrackingConnections failed = this.connections;
				if (failed != null && failed != lost) {
					failed.close();
				}
				// keep the lost ones as current, so that the retry below goes ahead
				// unless
				// a watch opened new ones meanwhile
				this.connections = lost;
				this.retryMillis = Math.min(Math.max(this.retryMillis * 2, 50), MAX_RETRY_MILLIS);
				logger.debug("Re-establishing the tracking of pending lists failed; trying again in " + this.retryMillis
						+ " ms", ex);
				this.reconnects.schedule(() -> reopen(lost), this.retryMillis, TimeUnit.MILLISECONDS);
			}
		}
		// a job may have arrived while nothing was tracked; while Redis is down the
		// claims
		// fail and retry with their own backoff
		wakeAll();
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		TrackingConnections current = this.connections;
		this.connections = null;
		this.prefixes.clear();
		this.tracked = new TreeSet<>();
		if (current != null) {
			current.close();
		}
	}

	/**
	 * Keeps tracking again after {@link #close()}; prefixes are tracked as keys are
	 * watched again.
	 */
	synchronized void open() {
		this.closed = false;
	}

}
