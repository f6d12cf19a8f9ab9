package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import dev.jobqueue.QueueSettings;
import dev.jobqueue.autoconfigure.JobQueueProperties.Queue;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainer;
import dev.jobqueue.worker.JobWorkerSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * The queues this application knows, those configured under {@code jobqueue.queues} and
 * those with a {@code @JobHandler}, and the settings in force for any queue: the
 * {@code jobqueue.*} defaults overridden by {@code jobqueue.queues.<name>.*}. Validates
 * every configured value when created.
 */
public final class JobQueueCatalog {

	private final JobQueueProperties properties;

	private final ObjectProvider<JobHandlerEndpointRegistry> registry;

	/**
	 * Creates the catalog and validates the properties.
	 * @param properties the properties
	 * @param registry the handler registry, absent in a producer-only application
	 * @throws InvalidConfigurationPropertyValueException naming the first invalid
	 * property
	 */
	public JobQueueCatalog(JobQueueProperties properties, ObjectProvider<JobHandlerEndpointRegistry> registry) {
		this.properties = properties;
		this.registry = registry;
		validate();
	}

	/**
	 * Returns every queue this application knows.
	 * @return the names, sorted
	 */
	public Set<String> getQueueNames() {
		Set<String> names = new TreeSet<>(this.properties.getQueues().keySet());
		JobHandlerEndpointRegistry handlers = this.registry.getIfAvailable();
		if (handlers != null) {
			handlers.getContainers().forEach((container) -> names.add(container.getQueue()));
			names.addAll(handlers.getDisabledQueues());
		}
		return names;
	}

	/**
	 * Returns the queues this application sweeps: every known queue that is not disabled.
	 * @return the names, sorted
	 */
	public Set<String> getEnabledQueueNames() {
		Set<String> names = getQueueNames();
		names.removeIf((name) -> !isEnabled(name));
		return names;
	}

	/**
	 * Returns the worker container of a queue.
	 * @param queue the queue name
	 * @return the container, or null when no handler of this application serves it
	 */
	public @Nullable JobWorkerContainer getContainer(String queue) {
		JobHandlerEndpointRegistry handlers = this.registry.getIfAvailable();
		return (handlers != null) ? handlers.getContainer(queue) : null;
	}

	/**
	 * Whether a queue runs workers and is swept in this application.
	 * @param queue the queue name
	 * @return false only when {@code jobqueue.queues.<name>.enabled} is false
	 */
	public boolean isEnabled(String queue) {
		Queue overrides = this.properties.getQueues().get(queue);
		return overrides == null || overrides.isEnabled();
	}

	/**
	 * Returns the queue settings (keys, timeouts, retries, history) of any queue.
	 * @param queue the queue name
	 * @return the settings
	 */
	public QueueSettings getQueueSettings(String queue) {
		Queue q = overrides(queue);
		JobQueueProperties d = this.properties;
		return new QueueSettings(queue, or(q.getKeyPrefix(), d.getKeyPrefix()),
				or(q.getClusterHashTag(), d.isClusterHashTag()), or(q.getVisibilityTimeout(), d.getVisibilityTimeout()),
				or(q.getMaxAttempts(), d.getMaxAttempts()), or(q.getHistorySize(), d.getHistorySize()),
				or(q.getFinishedTtl(), d.getFinishedTtl()),
				(int) or(q.getMaxPayloadSize(), d.getMaxPayloadSize()).toBytes());
	}

	/**
	 * Returns the worker settings of any queue.
	 * @param queue the queue name
	 * @return the settings
	 */
	public JobWorkerSettings getWorkerSettings(String queue) {
		Queue q = overrides(queue);
		JobQueueProperties d = this.properties;
		return new JobWorkerSettings(or(q.getConcurrency(), d.getConcurrency()),
				or(q.getClaimTimeout(), d.getClaimTimeout()), or(q.getShutdownTimeout(), d.getShutdownTimeout()),
				or(q.getLeaseExtension(), d.isLeaseExtension()), true);
	}

	/**
	 * Returns how often a queue is swept.
	 * @param queue the queue name
	 * @return the interval
	 */
	public Duration getReclaimInterval(String queue) {
		return or(overrides(queue).getReclaimInterval(), this.properties.getReclaimInterval());
	}

	private Queue overrides(String queue) {
		Queue q = this.properties.getQueues().get(queue);
		return (q != null) ? q : new Queue();
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

	private void validate() {
		JobQueueProperties d = this.properties;
		check("jobqueue", new Queue(), d);
		for (Map.Entry<String, Queue> entry : d.getQueues().entrySet()) {
			if (entry.getKey().isBlank()) {
				throw new InvalidConfigurationPropertyValueException("jobqueue.queues", entry.getKey(),
						"queue names must not be blank");
			}
			check("jobqueue.queues." + entry.getKey(), entry.getValue(), d);
		}
		atLeast("jobqueue.producer.wait-for-replicas", d.getProducer().getWaitForReplicas(), 0);
		positive("jobqueue.producer.wait-timeout", d.getProducer().getWaitTimeout(), Duration.ofMillis(1));
		if (!d.getWorker().getKindField().isBlank()) {
			return;
		}
		throw new InvalidConfigurationPropertyValueException("jobqueue.worker.kind-field", "", "must not be blank");
	}

	private static void check(String prefix, Queue q, JobQueueProperties d) {
		String keyPrefix = or(q.getKeyPrefix(), d.getKeyPrefix());
		require(prefix + ".key-prefix", keyPrefix, !keyPrefix.isBlank() && !keyPrefix.contains(":"),
				"must not be blank nor contain ':'");
		atLeast(prefix + ".concurrency", or(q.getConcurrency(), d.getConcurrency()), 1);
		atLeast(prefix + ".max-attempts", or(q.getMaxAttempts(), d.getMaxAttempts()), 1);
		atLeast(prefix + ".history-size", or(q.getHistorySize(), d.getHistorySize()), 1);
		positive(prefix + ".visibility-timeout", or(q.getVisibilityTimeout(), d.getVisibilityTimeout()),
				Duration.ofMillis(1));
		positive(prefix + ".finished-ttl", or(q.getFinishedTtl(), d.getFinishedTtl()), Duration.ofSeconds(1));
		positive(prefix + ".claim-timeout", or(q.getClaimTimeout(), d.getClaimTimeout()), Duration.ofMillis(1));
		positive(prefix + ".reclaim-interval", or(q.getReclaimInterval(), d.getReclaimInterval()),
				Duration.ofMillis(1));
		positive(prefix + ".shutdown-timeout", or(q.getShutdownTimeout(), d.getShutdownTimeout()), Duration.ZERO);
		DataSize size = or(q.getMaxPayloadSize(), d.getMaxPayloadSize());
		require(prefix + ".max-payload-size", size, size.toBytes() > 0 && size.toBytes() <= Integer.MAX_VALUE,
				"must be between 1B and 2GB");
	}

	private static void atLeast(String name, int value, int min) {
		require(name, value, value >= min, "must be at least " + min);
	}

	private static void positive(String name, Duration value, Duration min) {
		require(name, value, value.compareTo(min) >= 0, "must be at least " + min);
	}

	private static void require(String name, Object value, boolean valid, String reason) {
		if (!valid) {
			throw new InvalidConfigurationPropertyValueException(name, value, reason);
		}
	}

	/**
	 * Returns the queue settings function for the template.
	 * @return a function from queue name to settings
	 */
	Function<String, QueueSettings> queueSettingsFunction() {
		return this::getQueueSettings;
	}

}
