package dev.jobqueue.scheduling;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.jobqueue.DelayedPromotion;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.Assert;

/**
 * Moves delayed jobs of a set of queues to pending when they are due, without polling:
 * after each promotion it sleeps until the soonest due time the delayed sets hold, and an
 * enqueue of a job due sooner wakes it through the queue's wake channel. Each promotion
 * is one atomic script, so any number of application instances may promote the same
 * queues at once. Runs on its own thread, not on the application's scheduler.
 */
public final class DelayedJobPromoter implements SmartLifecycle {

	/** How many due jobs one promotion script moves at most. */
	public static final int BATCH_SIZE = 500;

	private static final Log logger = LogFactory.getLog(DelayedJobPromoter.class);

	private final JobWorkerProtocol operations;

	private final Supplier<Collection<String>> queues;

	private final RedisConnectionFactory connectionFactory;

	private final Clock clock;

	private final Duration idleCheck;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition wakeUp = this.lock.newCondition();

	private long wakeAt = Long.MAX_VALUE;

	private volatile List<String> promoted = List.of();

	private volatile @Nullable Thread thread;

	private volatile @Nullable RedisMessageListenerContainer listener;

	/**
	 * Creates a promoter.
	 * @param operations the worker protocol that promotes
	 * @param queues the queues to promote, read once at each start
	 * @param connectionFactory the connection factory for the wake-up subscription
	 * @param clock the clock deciding what is due; the one the template writes with
	 * @param idleCheck how long the promoter sleeps at most when no delayed job is known,
	 * a safety net should a wake-up message be lost while the subscription reconnects
	 */
	public DelayedJobPromoter(JobWorkerProtocol operations, Supplier<Collection<String>> queues,
			RedisConnectionFactory connectionFactory, Clock clock, Duration idleCheck) {
		Assert.isTrue(idleCheck != null && idleCheck.toMillis() > 0,
				() -> "idleCheck must be at least 1 ms, was " + idleCheck);
		this.operations = operations;
		this.queues = queues;
		this.connectionFactory = connectionFactory;
		this.clock = clock;
		this.idleCheck = idleCheck;
	}

	/**
	 * Promotes every due job of one queue now, batch after batch, and logs the ids failed
	 * instead because their hash was gone or they had expired.
	 * @param queue the queue name
	 * @return the last batch's result, which says when the next job is due
	 */
	public DelayedPromotion promote(String queue) {
		while (true) {
			DelayedPromotion result = this.operations.promoteDueJobs(queue, BATCH_SIZE);
			if (!result.missing().isEmpty()) {
				logger.warn("Delayed jobs " + result.missing() + " of queue '" + queue
						+ "' were due but their hash is gone (expired or deleted); failed for good, not run");
			}
			if (!result.expired().isEmpty()) {
				logger.info("Delayed jobs " + result.expired() + " of queue '" + queue
						+ "' were past their expiry when due; failed as expired, not run");
			}
			if (!result.isFull(BATCH_SIZE)) {
				return result;
			}
		}
	}

	@Override
	public void start() {
		if (this.thread != null) {
			return;
		}
		this.promoted = List.copyOf(this.queues.get());
		if (this.promoted.isEmpty()) {
			return;
		}
		Thread loop = new Thread(this::run, "jobqueue-promoter");
		loop.setDaemon(true);
		this.thread = loop;
		loop.start();
	}

	/**
	 * Subscribes to the wake channels, on the promoter's thread so that a Redis that is
	 * down at startup delays the subscription instead of failing the application.
	 * @return whether the subscription runs
	 */
	private boolean subscribe() {
		if (this.listener != null) {
			return true;
		}
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		for (String queue : this.promoted) {
			container.addMessageListener(this::onWake, new ChannelTopic(this.operations.settings(queue).keys().wake()));
		}
		try {
			container.afterPropertiesSet();
			container.start();
			this.listener = container;
			return true;
		}
		catch (RuntimeException ex) {
			logger.warn("Subscribing to the delayed-job wake channels failed; promoting every second until it works: "
					+ ex.getMessage());
			destroy(container);
			return false;
		}
	}

	private static void destroy(RedisMessageListenerContainer container) {
		try {
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Closing the wake-up subscription failed", ex);
		}
	}

	private void onWake(Message message, byte @Nullable [] pattern) {
		long due;
		try {
			due = Long.parseLong(new String(message.getBody(), StandardCharsets.UTF_8).trim());
		}
		catch (NumberFormatException ex) {
			due = 0;
		}
		wakeBy(due);
	}

	private void wakeBy(long dueMillis) {
		this.lock.lock();
		try {
			if (dueMillis < this.wakeAt) {
				this.wakeAt = dueMillis;
				this.wakeUp.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void run() {
		Thread self = Thread.currentThread();
		while (this.thread == self) {
			long next = Long.MAX_VALUE;
			this.lock.lock();
			try {
				this.wakeAt = Long.MAX_VALUE;
			}
			finally {
				this.lock.unlock();
			}
			boolean failed = !subscribe();
			for (String queue : this.promoted) {
				try {
					DelayedPromotion result = promote(queue);
					if (result.nextDueAt() != null) {
						next = Math.min(next, result.nextDueAt().toEpochMilli());
					}
				}
				catch (RuntimeException ex) {
					failed = true;
					logger.warn("Promoting delayed jobs of queue '" + queue + "' failed; retrying in 1 s: "
							+ ex.getMessage());
				}
			}
			long limit = this.clock.millis() + (failed ? 1000 : this.idleCheck.toMillis());
			sleepUntil(Math.min(next, limit));
		}
	}

	private void sleepUntil(long targetMillis) {
		this.lock.lock();
		try {
			while (this.thread == Thread.currentThread()) {
				long until = Math.min(targetMillis, this.wakeAt);
				long remaining = until - this.clock.millis();
				if (remaining <= 0) {
					return;
				}
				this.wakeUp.await(remaining, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void stop() {
		Thread loop = this.thread;
		this.thread = null;
		RedisMessageListenerContainer container = this.listener;
		this.listener = null;
		if (loop != null) {
			this.lock.lock();
			try {
				this.wakeUp.signalAll();
			}
			finally {
				this.lock.unlock();
			}
			try {
				loop.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (container != null) {
			destroy(container);
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	/**
	 * Returns the queues promoted since the last start.
	 * @return the queue names
	 */
	public List<String> getQueues() {
		return new ArrayList<>(this.promoted);
	}

	/**
	 * Stops with the worker containers, before the Redis connection factory.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
