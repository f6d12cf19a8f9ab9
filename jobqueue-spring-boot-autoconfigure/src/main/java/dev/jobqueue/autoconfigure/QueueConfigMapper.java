package dev.jobqueue.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import dev.jobqueue.FlowControl;
import dev.jobqueue.autoconfigure.JobQueueProperties.Queue;
import dev.jobqueue.config.QueueConfig;
import dev.jobqueue.config.QueueSettingsResolver;
import dev.jobqueue.worker.RetryConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Maps the bound {@code jobqueue.*} properties to core's {@link QueueConfig}s, so that
 * core's {@link QueueSettingsResolver} is the one place settings are resolved.
 */
final class QueueConfigMapper {

	private QueueConfigMapper() {
	}

	static QueueSettingsResolver resolver(JobQueueProperties properties) {
		JobQueueProperties.Worker worker = properties.getWorker();
		QueueConfig defaults = new QueueConfig(null, properties.getKeyPrefix(), properties.isClusterHashTag(),
				properties.getVisibilityTimeout(), properties.getMaxAttempts(), properties.getHistorySize(),
				properties.getFinishedTtl(), bytes(properties.getProducer().getMaxPayloadSize()),
				worker.getConcurrency(), worker.getClaimTimeout(), worker.getShutdownTimeout(),
				worker.isLeaseExtension(), properties.getReclaimer().getInterval(), retry(properties.getRetry()),
				worker.getExecutionTimeout());
		Map<String, QueueConfig> queues = new LinkedHashMap<>();
		Map<String, Integer> shards = new LinkedHashMap<>();
		properties.getQueues().forEach((name, queue) -> {
			queues.put(name, config(queue));
			if (queue.getShards() != 1) {
				shards.put(name, queue.getShards());
			}
		});
		return new QueueSettingsResolver(defaults, queues, shards);
	}

	private static QueueConfig config(Queue queue) {
		JobQueueProperties.QueueWorker worker = queue.getWorker();
		return new QueueConfig(queue.isEnabled(), queue.getKeyPrefix(), queue.getClusterHashTag(),
				queue.getVisibilityTimeout(), queue.getMaxAttempts(), queue.getHistorySize(), queue.getFinishedTtl(),
				bytes(queue.getProducer().getMaxPayloadSize()), worker.getConcurrency(), worker.getClaimTimeout(),
				worker.getShutdownTimeout(), worker.getLeaseExtension(), queue.getReclaimer().getInterval(),
				retry(queue.getRetry()), worker.getExecutionTimeout());
	}

	private static RetryConfig retry(JobQueueProperties.Retry retry) {
		JobQueueProperties.Backoff backoff = retry.getBackoff();
		return new RetryConfig(backoff.getDelay(), backoff.getMultiplier(), backoff.getMaxDelay(), backoff.getJitter(),
				retry.getNotRetryableExceptions());
	}

	private static RetryConfig retry(JobQueueProperties.QueueRetry retry) {
		JobQueueProperties.QueueBackoff backoff = retry.getBackoff();
		return new RetryConfig(backoff.getDelay(), backoff.getMultiplier(), backoff.getMaxDelay(), backoff.getJitter(),
				retry.getNotRetryableExceptions());
	}

	/**
	 * Returns the flow control of each queue: its {@code jobqueue.queues.<name>.*}
	 * priorities, weights, LIFO default and limits, or the defaults for a queue without
	 * an entry.
	 * @param properties the bound properties
	 * @return the flow control by queue name
	 */
	static Function<String, FlowControl> flowControl(JobQueueProperties properties) {
		return flowControl(properties, Function.identity());
	}

	/**
	 * Returns the flow control of each queue, a sub-queue of a sharded queue having its
	 * logical queue's.
	 * @param properties the bound properties
	 * @param logicalQueue the logical queue of a queue name
	 * @return the flow control by queue name
	 */
	static Function<String, FlowControl> flowControl(JobQueueProperties properties,
			Function<String, String> logicalQueue) {
		Map<String, FlowControl> flows = new LinkedHashMap<>();
		properties.getQueues().forEach((name, queue) -> flows.put(name, flowControl(queue)));
		return (name) -> flows.getOrDefault(logicalQueue.apply(name), FlowControl.defaults());
	}

	static FlowControl flowControl(Queue queue) {
		return new FlowControl(queue.getPriorities(), queue.getPriorityWeights(), queue.isLifo(),
				queue.getRateLimit().getPermits(), queue.getRateLimit().getPeriod(), queue.getMaxConcurrency(),
				queue.getGroupConcurrency());
	}

	private static @Nullable Integer bytes(@Nullable DataSize size) {
		// the validator has checked that every size fits an int
		return (size != null) ? (int) size.toBytes() : null;
	}

}
