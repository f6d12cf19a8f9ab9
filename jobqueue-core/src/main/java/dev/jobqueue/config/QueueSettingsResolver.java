package dev.jobqueue.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import dev.jobqueue.QueueSettings;
import dev.jobqueue.QueueShards;
import dev.jobqueue.worker.JobRetrySettings;
import dev.jobqueue.worker.JobWorkerSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Resolves the settings in force for any queue: the queue's own {@link QueueConfig}, then
 * the defaults for every queue, then the constants of {@link QueueSettings} and
 * {@link JobWorkerSettings}. The one place that turns configuration into settings, for
 * the Spring Boot properties as for plain code.
 */
public final class QueueSettingsResolver {

	/** Default time between two sweeps of a queue. */
	public static final Duration DEFAULT_RECLAIM_INTERVAL = Duration.ofSeconds(1);

	private final QueueConfig defaults;

	private final Map<String, QueueConfig> queues;

	private final Map<String, Integer> shards;

	private final Map<String, String> logicalQueues = new LinkedHashMap<>();

	private final QueueShards queueShards;

	/**
	 * Creates a resolver and checks that every queue resolves to valid settings.
	 * @param defaults the configuration of every queue
	 * @param queues the configuration of single queues, by queue name
	 * @throws IllegalArgumentException naming the queue and the first invalid value
	 */
	public QueueSettingsResolver(QueueConfig defaults, Map<String, QueueConfig> queues) {
		this(defaults, queues, Map.of());
	}

	/**
	 * Creates a resolver with sharded queues and checks that every queue resolves to
	 * valid settings. Each sub-queue of a sharded queue (see {@link QueueShards}) has the
	 * settings of its logical queue, always hash-tagged.
	 * @param defaults the configuration of every queue
	 * @param queues the configuration of single queues, by queue name
	 * @param shards the number of sub-queues of the sharded queues, by queue name; a
	 * queue not named has one
	 * @throws IllegalArgumentException naming the queue and the first invalid value
	 */
	public QueueSettingsResolver(QueueConfig defaults, Map<String, QueueConfig> queues, Map<String, Integer> shards) {
		this.defaults = defaults;
		this.queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
		this.queues.keySet().forEach((name) -> Assert.hasText(name, "queue names must not be blank"));
		this.shards = Map.copyOf(shards);
		this.shards.forEach((name, count) -> {
			Assert.hasText(name, "queue names must not be blank");
			Assert.isTrue(count != null && count >= 1 && count <= QueueShards.MAX_SHARDS, () -> "Invalid settings for "
					+ name + ": shards must be between 1 and " + QueueShards.MAX_SHARDS + ", was " + count);
			if (count > 1) {
				for (String sub : QueueShards.subQueueNames(name, count)) {
					Assert.isTrue(!this.queues.containsKey(sub) && !this.shards.containsKey(sub),
							() -> "Queue '" + sub + "' is a sub-queue of the sharded queue '" + name
									+ "' and cannot be configured on its own");
					this.logicalQueues.put(sub, name);
				}
			}
		});
		this.queueShards = new QueueShards(this::getShards);
		check("any queue");
		this.queues.keySet().forEach(this::check);
	}

	/**
	 * Returns the number of sub-queues of a queue.
	 * @param queue the queue name
	 * @return 1 unless the queue is sharded
	 */
	public int getShards(String queue) {
		return this.shards.getOrDefault(queue, 1);
	}

	/**
	 * Returns the sharded queues and their sub-queues.
	 * @return the shards of every queue
	 */
	public QueueShards getQueueShards() {
		return this.queueShards;
	}

	/**
	 * Returns the logical queue a queue belongs to.
	 * @param queue a queue or sub-queue name
	 * @return the sharded queue of a sub-queue, else the name itself
	 */
	public String getLogicalQueue(String queue) {
		return this.logicalQueues.getOrDefault(queue, queue);
	}

	/**
	 * Creates a resolver that gives every queue the constants' defaults.
	 * @return the resolver
	 */
	public static QueueSettingsResolver defaults() {
		return new QueueSettingsResolver(QueueConfig.EMPTY, Map.of());
	}

	/**
	 * Returns the queues configured one by one.
	 * @return their names, sorted
	 */
	public Set<String> getConfiguredQueues() {
		Set<String> names = new TreeSet<>(this.queues.keySet());
		names.addAll(this.shards.keySet());
		return names;
	}

	/**
	 * Whether a queue runs workers and is swept in this application.
	 * @param queue the queue name
	 * @return false only when the queue or the defaults disable it
	 */
	public boolean isEnabled(String queue) {
		return resolve(queue, QueueConfig::enabled, true);
	}

	/**
	 * Returns the queue settings (keys, timeouts, retries, history, payload limit).
	 * @param queue the queue name, not blank
	 * @return the settings
	 */
	public QueueSettings getQueueSettings(String queue) {
		QueueSettings base = QueueSettings.defaults(queue);
		boolean sharded = this.logicalQueues.containsKey(queue) || getShards(queue) > 1;
		return new QueueSettings(queue, resolve(queue, QueueConfig::keyPrefix, base.keyPrefix()),
				sharded || resolve(queue, QueueConfig::clusterHashTag, base.hashTagged()),
				resolve(queue, QueueConfig::visibilityTimeout, base.visibilityTimeout()),
				resolve(queue, QueueConfig::maxAttempts, base.maxAttempts()),
				resolve(queue, QueueConfig::historySize, base.historySize()),
				resolve(queue, QueueConfig::finishedTtl, base.finishedTtl()),
				resolve(queue, QueueConfig::maxPayloadBytes, base.maxPayloadBytes()));
	}

	/**
	 * Returns the settings of the queue's worker container.
	 * @param queue the queue name
	 * @return the settings
	 */
	public JobWorkerSettings getWorkerSettings(String queue) {
		JobWorkerSettings base = JobWorkerSettings.defaults();
		return new JobWorkerSettings(resolve(queue, QueueConfig::concurrency, base.concurrency()),
				resolve(queue, QueueConfig::claimTimeout, base.claimTimeout()),
				resolve(queue, QueueConfig::shutdownTimeout, base.shutdownTimeout()),
				resolve(queue, QueueConfig::leaseExtension, base.leaseExtension()), base.autoStartup(),
				resolveOrNull(queue, QueueConfig::executionTimeout));
	}

	/**
	 * Returns how the failed attempts of a queue's jobs are retried: the queue's own
	 * values over those of every queue, over {@link JobRetrySettings#immediate()}; the
	 * not-retryable types of both add up.
	 * @param queue the queue name
	 * @return the settings
	 */
	public JobRetrySettings getRetrySettings(String queue) {
		JobRetrySettings base = this.defaults.retry().applyTo(JobRetrySettings.immediate());
		QueueConfig own = this.queues.get(getLogicalQueue(queue));
		return (own != null) ? own.retry().applyTo(base) : base;
	}

	/**
	 * Returns how often a queue is swept.
	 * @param queue the queue name
	 * @return the interval
	 */
	public Duration getReclaimInterval(String queue) {
		return resolve(queue, QueueConfig::reclaimInterval, DEFAULT_RECLAIM_INTERVAL);
	}

	private <T> @Nullable T resolveOrNull(String queue, Function<QueueConfig, @Nullable T> value) {
		QueueConfig own = this.queues.get(getLogicalQueue(queue));
		T configured = (own != null) ? value.apply(own) : null;
		return (configured != null) ? configured : value.apply(this.defaults);
	}

	private <T> T resolve(String queue, Function<QueueConfig, @Nullable T> value, T fallback) {
		QueueConfig own = this.queues.get(getLogicalQueue(queue));
		T configured = (own != null) ? value.apply(own) : null;
		if (configured == null) {
			configured = value.apply(this.defaults);
		}
		return (configured != null) ? configured : fallback;
	}

	private void check(String queue) {
		try {
			getQueueSettings(queue);
			getWorkerSettings(queue);
			getRetrySettings(queue);
			Duration interval = getReclaimInterval(queue);
			Assert.isTrue(interval.toMillis() > 0, () -> "reclaimInterval must be at least 1 ms, was " + interval);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid settings for " + queue + ": " + ex.getMessage(), ex);
		}
	}

}
