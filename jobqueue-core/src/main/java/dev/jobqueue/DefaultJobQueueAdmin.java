package dev.jobqueue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * {@link JobQueueAdmin} on Redis. Reads never add a queue to the shared cache, so asking
 * about names that do not exist costs no memory.
 */
final class DefaultJobQueueAdmin implements JobQueueAdmin {

	private static final Log logger = LogFactory.getLog(DefaultJobQueueAdmin.class);

	private final ScriptRunner runner;

	private final QueueContexts queues;

	private final SharedQueueSettings sharedSettings;

	private final QueuePurger purger;

	static final String PAUSED = "paused";

	DefaultJobQueueAdmin(ScriptRunner runner, QueueContexts queues) {
		this.runner = runner;
		this.queues = queues;
		this.sharedSettings = new SharedQueueSettings(runner.redis);
		this.purger = new QueuePurger(runner.redis);
	}

	@Override
	public QueueStats stats(String queue) {
		QueueContext q = this.queues.forLookup(queue);
		List<Object> depths = this.runner.run("stats", q, this.runner.scripts.queueDepths(), q.depthKeys, List.of());
		QueueCounters c = q.counters();
		return new QueueStats(q.name, c.enqueued(), c.completed(), c.failed(), c.retried(), c.reclaimed(),
				ScriptRunner.toLong(depths.get(0)), ScriptRunner.toLong(depths.get(1)),
				ScriptRunner.toLong(depths.get(2)), ScriptRunner.toLong(depths.get(3)),
				q.settings.visibilityTimeout().toMillis(), ScriptRunner.toLong(depths.get(4)));
	}

	@Override
	public void pause(String queue) {
		QueueContext q = this.queues.forLookup(queue);
		this.runner.call("pause", q, () -> {
			this.runner.redis.opsForHash().put(q.keys.settings(), PAUSED, "1");
			return null;
		});
		logger.info("Queue '" + q.name + "' paused for every instance");
	}

	@Override
	public void resume(String queue) {
		QueueContext q = this.queues.forLookup(queue);
		this.runner.call("resume", q, () -> {
			this.runner.redis.opsForHash().delete(q.keys.settings(), PAUSED);
			this.runner.redis.convertAndSend(q.keys.ready(), "resume");
			return null;
		});
		logger.info("Queue '" + q.name + "' resumed for every instance");
	}

	@Override
	public boolean isPaused(String queue) {
		QueueContext q = this.queues.forLookup(queue);
		return this.runner.call("read pause", q,
				() -> "1".equals(this.runner.redis.opsForHash().get(q.keys.settings(), PAUSED)));
	}

	@Override
	public FlowStatus flowStatus(String queue) {
		QueueContext q = this.queues.forLookup(queue);
		List<String> levels = q.flow.priorities();
		List<Object> reply = this.runner.run("flow status", q, this.runner.scripts.flowStatus(),
				List.of(q.keys.pending(), q.keys.settings()), levels);
		Map<String, Long> depths = new LinkedHashMap<>();
		for (int i = 0; i < levels.size(); i++) {
			depths.put(levels.get(i), ScriptRunner.toLong(reply.get(1 + i)));
		}
		return new FlowStatus(q.name, "1".equals(reply.get(0)), Collections.unmodifiableMap(depths),
				ScriptRunner.toLong(reply.get(1 + levels.size())), ScriptRunner.toLong(reply.get(2 + levels.size())));
	}

	@Override
	public QueueCounters counters(String queue) {
		return this.queues.forLookup(queue).counters();
	}

	@Override
	public List<String> listJobIds(String queue, JobState state, int limit) {
		QueueContext q = this.queues.forLookup(queue);
		Assert.notNull(state, "state must not be null");
		Assert.isTrue(limit > 0, () -> "limit must be positive, was " + limit);
		return this.runner.call("list " + state.value(), q, () -> {
			if (state == JobState.DELAYED) {
				Set<String> ids = this.runner.redis.opsForZSet().range(q.keys.delayed(), 0, limit - 1);
				return (ids != null) ? new ArrayList<>(ids) : List.of();
			}
			if (state == JobState.PENDING) {
				List<String> ids = this.runner.redis.opsForList().range(q.keys.pending(), -limit, -1);
				List<String> oldestFirst = new ArrayList<>((ids != null) ? ids : List.of());
				Collections.reverse(oldestFirst);
				return oldestFirst;
			}
			String key = switch (state) {
				case PROCESSING -> q.keys.processing();
				case COMPLETED -> q.keys.completed();
				case CANCELLED -> q.keys.cancelled();
				default -> q.keys.failed();
			};
			List<String> ids = this.runner.redis.opsForList().range(key, 0, limit - 1);
			return (ids != null) ? ids : List.of();
		});
	}

	@Override
	@SuppressWarnings("unchecked")
	public List<JobRecord> listJobs(String queue, JobState state, int limit) {
		QueueContext q = this.queues.forLookup(queue);
		Assert.notNull(state, "state must not be null");
		Assert.isTrue(limit > 0, () -> "limit must be positive, was " + limit);
		boolean pending = state == JobState.PENDING;
		String kind = (state == JobState.DELAYED) ? "zset" : "list";
		List<String> range = pending ? List.of(String.valueOf(-limit), "-1", kind)
				: List.of("0", String.valueOf(limit - 1), kind);
		List<Object> reply = this.runner.run("list " + state.value(), q, this.runner.scripts.listJobs(),
				List.of(listKey(q, state), q.keys.jobPrefix()), range);
		List<JobRecord> jobs = new ArrayList<>(reply.size() / 2);
		for (int i = 0; i + 1 < reply.size(); i += 2) {
			List<Object> flat = (List<Object>) reply.get(i + 1);
			Map<String, String> fields = new LinkedHashMap<>();
			for (int j = 0; j + 1 < flat.size(); j += 2) {
				fields.put(String.valueOf(flat.get(j)), String.valueOf(flat.get(j + 1)));
			}
			jobs.add(JobRecord.of(q.name, String.valueOf(reply.get(i)), fields));
		}
		if (pending) {
			Collections.reverse(jobs);
		}
		return jobs;
	}

	private static String listKey(QueueContext q, JobState state) {
		return switch (state) {
			case PENDING -> q.keys.pending();
			case DELAYED -> q.keys.delayed();
			case PROCESSING -> q.keys.processing();
			case COMPLETED -> q.keys.completed();
			case CANCELLED -> q.keys.cancelled();
			default -> q.keys.failed();
		};
	}

	@Override
	public boolean retry(String queue, String id) {
		QueueContext q = this.queues.forLookup(queue);
		Assert.hasText(id, "id must not be blank");
		return this.runner.run("retry", q, this.runner.scripts.retryJob(), q.retryKeys, List.of(id)) == 1;
	}

	@Override
	public long retryFailed(String queue, int max) {
		QueueContext q = this.queues.forLookup(queue);
		Assert.isTrue(max > 0, () -> "max must be positive, was " + max);
		List<Object> result = this.runner.run("retry failed", q, this.runner.scripts.retryFailedJobs(), q.retryKeys,
				List.of(String.valueOf(max)));
		return (!result.isEmpty()) ? ScriptRunner.toLong(result.get(0)) : 0;
	}

	@Override
	public boolean runNow(String queue, String id) {
		QueueContext q = this.queues.forLookup(queue);
		Assert.hasText(id, "id must not be blank");
		return this.runner.run("run delayed", q, this.runner.scripts.runDelayedJob(), q.runNowKeys, List.of(id)) == 1;
	}

	@Override
	public Optional<Instant> lastScheduleTick(String queue, String schedule) {
		QueueContext q = this.queues.forLookup(queue);
		Assert.hasText(schedule, "schedule must not be blank");
		Object last = this.runner.call("read schedule", q,
				() -> this.runner.redis.opsForHash().get(q.keys.schedule(schedule), "last_tick_ms"));
		return Optional.ofNullable(JobRecord.instant((last != null) ? last.toString() : null));
	}

	@Override
	public boolean delete(String queue, String id) {
		QueueContext q = this.queues.forLookup(queue);
		Assert.hasText(id, "id must not be blank");
		return this.runner.run("delete", q, this.runner.scripts.deleteJob(), q.deleteKeys, List.of(id)) == 1;
	}

	@Override
	@SuppressWarnings("unchecked")
	public ReclaimResult reclaimStuck(String queue) {
		QueueContext q = this.queues.forLookup(queue);
		this.sharedSettings.checkOnce(q.settings);
		String now = this.runner.now();
		List<Object> result = this.runner.run("reclaim", q, this.runner.scripts.reclaimStuckJobs(),
				this.runner.counted(q, q.reclaimKeys, now),
				List.of(now, String.valueOf(q.settings.visibilityTimeout().toMillis()),
						String.valueOf(q.settings.maxAttempts()), q.ttlSeconds, q.historySize, q.keys.events()));
		List<String> reclaimed = (!result.isEmpty()) ? (List<String>) result.get(0) : List.of();
		List<String> failed = (result.size() > 1) ? (List<String>) result.get(1) : List.of();
		List<String> dropped = (result.size() > 2) ? (List<String>) result.get(2) : List.of();
		if (!dropped.isEmpty()) {
			logger.warn("Dropped " + dropped.size() + " extra processing entries of queue '" + q.name
					+ "' whose jobs were finished or listed twice (another client pushed their ids again); "
					+ "the jobs were not run again: " + dropped);
		}
		if (!reclaimed.isEmpty() || !failed.isEmpty()) {
			// a sweep that moved jobs worked on the queue: count it where the meters read
			QueueContext counted = this.queues.forWork(q.name);
			counted.reclaimed.add(reclaimed.size());
			counted.failed.add(failed.size());
		}
		return new ReclaimResult(q.name, reclaimed, failed);
	}

	@Override
	public long purge(String queue) {
		QueueContext q = this.queues.forLookup(queue);
		return this.runner.call("purge", q, () -> this.purger.purge(q));
	}

	@Override
	public QueueSettings settings(String queue) {
		return this.queues.forLookup(queue).settings;
	}

}
