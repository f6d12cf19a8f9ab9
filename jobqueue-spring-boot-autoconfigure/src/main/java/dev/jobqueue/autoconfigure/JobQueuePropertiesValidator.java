package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.jobqueue.FlowControl;
import dev.jobqueue.QueueShards;
import dev.jobqueue.autoconfigure.JobQueueProperties.Queue;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * Checks every {@code jobqueue.*} value once bound, naming the property of each invalid
 * one, so a bad value fails startup instead of the first job; each queue's values are
 * checked as they resolve, overrides over the settings of every queue.
 */
final class JobQueuePropertiesValidator {

	private static final Duration ONE_MS = Duration.ofMillis(1);

	private final JobQueueProperties properties;

	private final Errors errors;

	private JobQueuePropertiesValidator(JobQueueProperties properties, Errors errors) {
		this.properties = properties;
		this.errors = errors;
	}

	static void validate(JobQueueProperties properties, Errors errors) {
		new JobQueuePropertiesValidator(properties, errors).validate();
	}

	private void validate() {
		JobQueueProperties p = this.properties;
		queue("", new Queue());
		for (Map.Entry<String, Queue> entry : p.getQueues().entrySet()) {
			if (entry.getKey().isBlank()) {
				this.errors.rejectValue("queues", "blank", "queue names must not be blank");
			}
			else {
				queue("queues[" + entry.getKey() + "].", entry.getValue());
				flow("queues[" + entry.getKey() + "].", entry.getValue());
			}
		}
		check("worker.kind-field", !p.getWorker().getKindField().isBlank(), "must not be blank");
		for (Map.Entry<String, JobQueueProperties.Schedule> entry : p.getSchedules().entrySet()) {
			try {
				PropertySchedules.toSchedule(entry.getKey(), entry.getValue(), p.getWorker().getKindField());
			}
			catch (PropertySchedules.InvalidScheduleException ex) {
				String property = ex.getProperty();
				if (property.isEmpty()) {
					this.errors.rejectValue("schedules", "invalid",
							"schedule '" + entry.getKey() + "': " + ex.getMessage());
				}
				else {
					check("schedules[" + entry.getKey() + "]." + property, false, ex.getMessage());
				}
			}
		}
		check("producer.wait-for-replicas", p.getProducer().getWaitForReplicas() >= 0, "must be at least 0");
		atLeast("producer.wait-timeout", p.getProducer().getWaitTimeout(), ONE_MS);
		atLeast("metrics.refresh-interval", p.getMetrics().getRefreshInterval(), ONE_MS);
		atLeast("health.timeout", p.getHealth().getTimeout(), ONE_MS);
	}

	/**
	 * Checks the values a queue resolves to, reporting each under the name the queue sets
	 * it with, or under the name of the setting of every queue when it does not.
	 */
	private void queue(String prefix, Queue q) {
		JobQueueProperties d = this.properties;
		String keyPrefix = or(q.getKeyPrefix(), d.getKeyPrefix());
		check(name(prefix, q.getKeyPrefix(), "key-prefix"), !keyPrefix.isBlank() && !keyPrefix.contains(":"),
				"must not be blank nor contain ':'");
		atLeast(name(prefix, q.getMaxAttempts(), "max-attempts"), or(q.getMaxAttempts(), d.getMaxAttempts()), 1);
		atLeast(name(prefix, q.getHistorySize(), "history-size"), or(q.getHistorySize(), d.getHistorySize()), 1);
		atLeast(name(prefix, q.getVisibilityTimeout(), "visibility-timeout"),
				or(q.getVisibilityTimeout(), d.getVisibilityTimeout()), ONE_MS);
		atLeast(name(prefix, q.getFinishedTtl(), "finished-ttl"), or(q.getFinishedTtl(), d.getFinishedTtl()),
				Duration.ofSeconds(1));
		Integer concurrency = q.getWorker().getConcurrency();
		atLeast(name(prefix, concurrency, "worker.concurrency"), or(concurrency, d.getWorker().getConcurrency()), 1);
		Duration claimTimeout = q.getWorker().getClaimTimeout();
		atLeast(name(prefix, claimTimeout, "worker.claim-timeout"), or(claimTimeout, d.getWorker().getClaimTimeout()),
				ONE_MS);
		Duration shutdownTimeout = q.getWorker().getShutdownTimeout();
		atLeast(name(prefix, shutdownTimeout, "worker.shutdown-timeout"),
				or(shutdownTimeout, d.getWorker().getShutdownTimeout()), Duration.ZERO);
		Duration executionTimeout = or(q.getWorker().getExecutionTimeout(), d.getWorker().getExecutionTimeout());
		if (executionTimeout != null) {
			atLeast(name(prefix, q.getWorker().getExecutionTimeout(), "worker.execution-timeout"), executionTimeout,
					ONE_MS);
		}
		Duration interval = q.getReclaimer().getInterval();
		atLeast(name(prefix, interval, "reclaimer.interval"), or(interval, d.getReclaimer().getInterval()), ONE_MS);
		backoff(prefix, q.getRetry().getBackoff());
		DataSize size = q.getProducer().getMaxPayloadSize();
		long bytes = or(size, d.getProducer().getMaxPayloadSize()).toBytes();
		check(name(prefix, size, "producer.max-payload-size"), bytes > 0 && bytes <= Integer.MAX_VALUE,
				"must be between 1B and 2GB");
	}

	/**
	 * Checks a queue's back-off as it resolves, the queue's values over those of every
	 * queue.
	 */
	private void backoff(String prefix, JobQueueProperties.QueueBackoff q) {
		JobQueueProperties.Backoff d = this.properties.getRetry().getBackoff();
		Duration delay = or(q.getDelay(), d.getDelay());
		atLeast(name(prefix, q.getDelay(), "retry.backoff.delay"), delay, Duration.ZERO);
		double multiplier = or(q.getMultiplier(), d.getMultiplier());
		check(name(prefix, q.getMultiplier(), "retry.backoff.multiplier"),
				multiplier >= 1 && Double.isFinite(multiplier), "must be at least 1");
		atLeast(name(prefix, q.getJitter(), "retry.backoff.jitter"), or(q.getJitter(), d.getJitter()), Duration.ZERO);
		Duration maxDelay = or(q.getMaxDelay(), d.getMaxDelay());
		if (q.getMaxDelay() == null && q.getDelay() != null && maxDelay.compareTo(delay) < 0) {
			// a queue's longer delay raises the inherited cap with it
			maxDelay = delay;
		}
		check(name(prefix, q.getMaxDelay(), "retry.backoff.max-delay"), maxDelay.compareTo(delay) >= 0,
				"must be at least the delay (" + delay.toMillis() + "ms)");
	}

	/**
	 * Checks a queue's flow control: the priority levels and weights as core checks them,
	 * the limits not negative.
	 */
	private void flow(String prefix, Queue q) {
		try {
			FlowControl.defaults().withPriorities(q.getPriorities());
		}
		catch (IllegalArgumentException ex) {
			check(prefix + "priorities", false, ex.getMessage());
			return;
		}
		try {
			FlowControl.defaults().withPriorities(q.getPriorities()).withWeights(q.getPriorityWeights());
		}
		catch (IllegalArgumentException ex) {
			check(prefix + "priority-weights", false, ex.getMessage());
		}
		check(prefix + "rate-limit.permits",
				q.getRateLimit().getPermits() >= 0 && q.getRateLimit().getPermits() <= 1_000_000,
				"must be from 0 to 1000000");
		Duration period = q.getRateLimit().getPeriod();
		check(prefix + "rate-limit.period", period != null && period.toMillis() >= 1 && period.toDays() <= 1,
				"must be from 1ms to 1d");
		check(prefix + "max-concurrency", q.getMaxConcurrency() >= 0, "must be at least 0");
		check(prefix + "group-concurrency", q.getGroupConcurrency() >= 0, "must be at least 0");
		check(prefix + "shards", q.getShards() >= 1 && q.getShards() <= QueueShards.MAX_SHARDS,
				"must be from 1 to " + QueueShards.MAX_SHARDS);
		if (q.getShards() > 1) {
			// each sub-queue would enforce the limit on its own: S times the limit in all
			String limits = "cannot be combined with a queue-wide limit (max-concurrency, group-concurrency, "
					+ "rate-limit), which each sub-queue would enforce on its own";
			check(prefix + "shards",
					q.getMaxConcurrency() == 0 && q.getGroupConcurrency() == 0 && q.getRateLimit().getPermits() == 0,
					limits);
		}
	}

	private static String name(String prefix, @Nullable Object override, String property) {
		return (override != null) ? prefix + property : property;
	}

	private void atLeast(String field, int value, int min) {
		check(field, value >= min, "must be at least " + min);
	}

	private void atLeast(String field, Duration value, Duration min) {
		check(field, value.compareTo(min) >= 0, "must be at least " + min.toMillis() + "ms");
	}

	private void check(String field, boolean valid, String reason) {
		// Dashed names, so the failure names each property as it is written; Boot reads
		// the rejected value from what it bound under that name.
		if (!valid && !this.errors.hasFieldErrors(field)) {
			this.errors.rejectValue(field, "invalid", reason);
		}
	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
