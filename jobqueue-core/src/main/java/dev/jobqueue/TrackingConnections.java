package dev.jobqueue;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The two connections of {@link PendingKeyTracking}: a subscriber on
 * {@code __redis__:invalidate}, opened first so that its client id can be the tracking's
 * redirect, and the tracking connection that runs {@code CLIENT TRACKING}. Invalidations
 * reach the subscriber as Pub/Sub messages under RESP2 and as {@code invalidate} pushes
 * under RESP3; both are passed on as key names (null for a flush). When either connection
 * drops or reconnects on its own, the pair is reported lost (the receiver acts once, with
 * {@link #markDropped()}): tracking is gone with it, and a reconnected subscriber has a
 * new id.
 */
final class TrackingConnections {

	private static final Log logger = LogFactory.getLog(TrackingConnections.class);

	static final String CHANNEL = "__redis__:invalidate";

	private final StatefulRedisPubSubConnection<String, String> subscriber;

	private final long subscriberId;

	private volatile @Nullable StatefulRedisConnection<String, String> tracker;

	private final AtomicBoolean dropped = new AtomicBoolean();

	private TrackingConnections(StatefulRedisPubSubConnection<String, String> subscriber, long subscriberId) {
		this.subscriber = subscriber;
		this.subscriberId = subscriberId;
	}

	/**
	 * Opens both connections.
	 * @param client the Lettuce client
	 * @param invalidated receives the keys of each invalidation (on an event-loop thread)
	 * @param lost told when either connection drops or reconnects
	 * @return the connections, subscribed
	 */
	static TrackingConnections open(RedisClient client, Consumer<@Nullable List<String>> invalidated,
			Consumer<TrackingConnections> lost) {
		StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
		StatefulRedisConnection<String, String> tracker = null;
		try {
			TrackingConnections opened = new TrackingConnections(subscriber, subscriber.sync().clientId());
			subscriber.addListener(new RedisPubSubAdapter<String, String>() {

				@Override
				public void message(String channel, String message) {
					if (CHANNEL.equals(channel)) {
						invalidated.accept((message != null) ? List.of(message) : null);
					}
				}

			});
			subscriber.addListener((PushListener) (push) -> pushed(push, invalidated));
			subscriber.sync().subscribe(CHANNEL);
			tracker = client.connect();
			opened.tracker = tracker;
			RedisConnectionStateListener dropped = new RedisConnectionStateListener() {

				@Override
				public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
					lost.accept(opened);
				}

				@Override
				public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
					lost.accept(opened);
				}

			};
			subscriber.addListener(dropped);
			tracker.addListener(dropped);
			return opened;
		}
		catch (RuntimeException ex) {
			closeQuietly(subscriber);
			if (tracker != null) {
				closeQuietly(tracker);
			}
			throw ex;
		}
	}

	private static void pushed(PushMessage push, Consumer<@Nullable List<String>> invalidated) {
		if (!"invalidate".equals(push.getType())) {
			return;
		}
		List<Object> content = push.getContent();
		Object keys = (content.size() > 1) ? content.get(1) : null;
		if (keys instanceof List<?> list) {
			List<String> names = new ArrayList<>(list.size());
			for (Object key : list) {
				names.add((key instanceof ByteBuffer buffer)
						? StandardCharsets.UTF_8.decode(buffer.duplicate()).toString() : String.valueOf(key));
			}
			invalidated.accept(names);
		}
		else {
			invalidated.accept(null);
		}
	}

	long subscriberId() {
		return this.subscriberId;
	}

	StatefulRedisConnection<String, String> tracker() {
		StatefulRedisConnection<String, String> connection = this.tracker;
		if (connection == null) {
			throw new IllegalStateException("Tracking connection not open");
		}
		return connection;
	}

	boolean isDropped() {
		return this.dropped.get();
	}

	/**
	 * Marks the pair dropped.
	 * @return whether it was already
	 */
	boolean markDropped() {
		return this.dropped.getAndSet(true);
	}

	void close() {
		// set first, so that the events of closing on purpose are ignored
		this.dropped.set(true);
		closeQuietly(this.subscriber);
		StatefulRedisConnection<String, String> connection = this.tracker;
		if (connection != null) {
			closeQuietly(connection);
		}
	}

	private static void closeQuietly(StatefulConnection<?, ?> connection) {
		try {
			connection.close();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not close a tracking connection", ex);
		}
	}

}
