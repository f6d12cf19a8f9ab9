package dev.jobqueue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The one pub/sub subscription of an application's clients, shared by every waiting call
 * and every worker container: channels are added as they are first needed, so a thousand
 * waits on one queue cost one subscribed channel on one connection. Messages are handed
 * to the listeners on one dispatch thread; result look-ups and timeouts run on a small
 * scheduler of two threads. Nothing is created before the first use.
 */
final class JobEventSubscriber {

	private static final Log logger = LogFactory.getLog(JobEventSubscriber.class);

	private final RedisConnectionFactory connectionFactory;

	private final Map<String, SubscribedChannel> channels = new ConcurrentHashMap<>();

	private final Object monitor = new Object();

	private @Nullable RedisMessageListenerContainer container;

	private @Nullable ExecutorService dispatch;

	private @Nullable ScheduledThreadPoolExecutor scheduler;

	private @Nullable ExecutorService subscriptions;

	private static final long SUBSCRIBE_STEP_SECONDS = 10;

	JobEventSubscriber(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/**
	 * Adds a listener to a channel and waits until Redis confirmed the channel's
	 * subscription, so no message published after this returns is missed.
	 * @param channel the channel
	 * @param listener gets every message body
	 * @param onResubscribed run when the subscription is confirmed again after a
	 * reconnect, when messages may have been missed meanwhile (not at the first
	 * confirmation)
	 * @param timeout how long to wait for the confirmation
	 * @return a handle that removes the listener
	 * @throws JobQueueException if the subscription is not confirmed in time
	 */
	Runnable subscribe(String channel, Consumer<byte[]> listener, Runnable onResubscribed, Duration timeout) {
		SubscribedChannel subscribed = add(channel, listener, onResubscribed);
		try {
			subscribed.confirmed.get(Math.max(timeout.toMillis(), 1), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			subscribed.remove(listener, onResubscribed);
			throw new JobQueueException("Subscribing to channel '" + channel + "' was not confirmed by Redis within "
					+ timeout + "; is Redis reachable?", ex);
		}
		catch (ExecutionException ex) {
			subscribed.remove(listener, onResubscribed);
			throw new JobQueueException("Subscribing to channel '" + channel + "' failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			subscribed.remove(listener, onResubscribed);
			throw new JobQueueException("Interrupted while subscribing to channel '" + channel + "'", ex);
		}
		return () -> subscribed.remove(listener, onResubscribed);
	}

	/**
	 * Adds a listener to a channel without waiting: the subscription is made in the
	 * background, and retried by the container while Redis is unreachable.
	 * @param channel the channel
	 * @param listener gets every message body
	 * @param onSubscribed run each time the subscription is confirmed again after a
	 * reconnect
	 * @return a handle that removes the listener
	 */
	Runnable listen(String channel, Consumer<byte[]> listener, Runnable onSubscribed) {
		SubscribedChannel subscribed = add(channel, listener, onSubscribed);
		return () -> subscribed.remove(listener, onSubscribed);
	}

	private SubscribedChannel add(String channel, Consumer<byte[]> listener, Runnable onSubscribed) {
		synchronized (this.monitor) {
			RedisMessageListenerContainer running = container();
			SubscribedChannel subscribed = this.channels.get(channel);
			boolean fresh = subscribed == null;
			if (fresh) {
				subscribed = new SubscribedChannel(channel);
				this.channels.put(channel, subscribed);
			}
			subscribed.listeners.add(listener);
			subscribed.subscribedCallbacks.add(onSubscribed);
			if (fresh) {
				SubscribedChannel added = subscribed;
				// one channel at a time, each after the previous one was confirmed: the
				// listener container can miss a channel added while it is still making
				// its first subscription; and never on the caller's thread, as it may
				// wait while Redis is unreachable
				subscriptions().execute(() -> {
					try {
						running.addMessageListener(added, new ChannelTopic(channel));
						added.confirmed.get(SUBSCRIBE_STEP_SECONDS, TimeUnit.SECONDS);
					}
					catch (TimeoutException ex) {
						logger.warn("Subscribing to channel '" + channel
								+ "' not confirmed yet; the listener container " + "retries");
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					catch (RuntimeException | ExecutionException ex) {
						logger.warn("Subscribing to channel '" + channel + "' failed; the listener container retries: "
								+ ex.getMessage());
					}
				});
			}
			return subscribed;
		}
	}

	/**
	 * Returns the shared scheduler for timeouts and look-ups, creating it on first use.
	 * @return the scheduler
	 */
	ScheduledThreadPoolExecutor scheduler() {
		synchronized (this.monitor) {
			ScheduledThreadPoolExecutor current = this.scheduler;
			if (current == null) {
				current = new ScheduledThreadPoolExecutor(2, threads("jobqueue-waits-"));
				current.setRemoveOnCancelPolicy(true);
				this.scheduler = current;
			}
			return current;
		}
	}

	private ExecutorService subscriptions() {
		ExecutorService current = this.subscriptions;
		if (current == null) {
			current = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
					threads("jobqueue-subscribe-"));
			this.subscriptions = current;
		}
		return current;
	}

	private RedisMessageListenerContainer container() {
		RedisMessageListenerContainer current = this.container;
		if (current != null) {
			return current;
		}
		ExecutorService dispatcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				threads("jobqueue-events-"));
		RedisMessageListenerContainer created = new RedisMessageListenerContainer();
		created.setConnectionFactory(this.connectionFactory);
		created.setTaskExecutor(dispatcher);
		created.setBeanName("jobqueue-events");
		created.afterPropertiesSet();
		created.start();
		this.dispatch = dispatcher;
		this.container = created;
		return created;
	}

	/**
	 * Returns how many channels are subscribed, for diagnostics and tests.
	 * @return the number of channels
	 */
	int channelCount() {
		return this.channels.size();
	}

	/**
	 * Closes the subscription and the threads; the next use starts them again.
	 */
	void close() {
		RedisMessageListenerContainer closing;
		ExecutorService dispatcher;
		ScheduledThreadPoolExecutor timers;
		ExecutorService subscribing;
		synchronized (this.monitor) {
			subscribing = this.subscriptions;
			this.subscriptions = null;
			closing = this.container;
			dispatcher = this.dispatch;
			timers = this.scheduler;
			this.container = null;
			this.dispatch = null;
			this.scheduler = null;
			this.channels.clear();
		}
		if (closing != null) {
			try {
				closing.destroy();
			}
			catch (Exception ex) {
				logger.debug("Closing the event subscription failed", ex);
			}
		}
		if (dispatcher != null) {
			dispatcher.shutdownNow();
		}
		if (timers != null) {
			timers.shutdownNow();
		}
		if (subscribing != null) {
			subscribing.shutdownNow();
		}
	}

	private static java.util.concurrent.ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
