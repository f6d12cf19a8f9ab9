package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisListCommands.Direction;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * {@link JobQueueOperations} on a {@link StringRedisTemplate}, writing the reference
 * helpers' data model byte for byte. Every multi-step flow is one Lua script, so no
 * operation needs MULTI (which Spring Data Redis runs on a dedicated connection);
 * blocking claims reuse a small set of connections instead of opening one per claim.
 * <p>
 * Thread-safe. One instance serves any number of queues, each with the settings returned
 * for its name by the settings function. Counters in {@link #stats} belong to this
 * instance, as the reference's do.
 */
public class JobQueueTemplate implements JobQueueOperations, SmartLifecycle, DisposableBean {

	private static final Log logger = LogFactory.getLog(JobQueueTemplate.class);

	private static final int ENQUEUE_GROUP = 1000;

	private static final int MAX_ERROR_CHARS = 8192;

	private static final long MIN_BLOCK_MILLIS = 100;

	private final StringRedisTemplate redis;

	private final JobQueueScripts scripts;

	private final JobPayloadConverter converter;

	private final Function<String, QueueSettings> settings;

	private final Clock clock;

	private final BlockingConnections blockingConnections;

	private final String server;

	private final ConcurrentMap<String, Queue> queues = new ConcurrentHashMap<>();

	private volatile int enqueueReplicas;

	private volatile long enqueueReplicaTimeoutMillis;

	private volatile boolean running;

	/**
	 * Creates a template with the reference's default settings for every queue and a
	 * default JSON mapper.
	 * @param redis the Redis template
	 */
	public JobQueueTemplate(StringRedisTemplate redis) {
		this(redis, new JobQueueScripts(), new JacksonJobPayloadConverter(), QueueSettings::defaults,
				Clock.systemUTC());
	}

	/**
	 * Creates a template.
	 * @param redis the Redis template
	 * @param scripts the Lua scripts
	 * @param converter the JSON converter for payloads and results
	 * @param settings the settings of each queue by name; must return settings with that
	 * name
	 * @param clock the clock for every timestamp written, as the reference uses the
	 * client's clock
	 */
	public JobQueueTemplate(StringRedisTemplate redis, JobQueueScripts scripts, JobPayloadConverter converter,
			Function<String, QueueSettings> settings, Clock clock) {
		this.redis = redis;
		this.scripts = scripts;
		this.converter = converter;
		this.settings = settings;
		this.clock = clock;
		this.blockingConnections = new BlockingConnections(redis.getRequiredConnectionFactory());
		this.server = RedisServerDescription.of(redis.getRequiredConnectionFactory());
	}

	/**
	 * Makes every enqueue durable against a failover: after writing the jobs, the
	 * template sends {@code WAIT replicas timeout} on the same connection and throws
	 * unless that many replicas acknowledged them. Replication is otherwise asynchronous,
	 * so a primary that dies or is cut off right after acknowledging an enqueue can take
	 * the jobs with it. Costs one extra command in the same round trip plus the replicas'
	 * acknowledgement time; durable enqueues run on the dedicated connections kept for
	 * blocking claims, so a slow replica never holds up other commands. Not for Redis
	 * Cluster connections. Call before the template is used.
	 * @param replicas how many replicas must have the jobs; 0 switches the check off
	 * @param timeout how long to wait for them, at least 1 ms
	 * @throws IllegalArgumentException if replicas is negative or the timeout is not
	 * positive
	 */
	public void setEnqueueReplicas(int replicas, Duration timeout) {
		Assert.isTrue(replicas >= 0, () -> "replicas must not be negative, was " + replicas);
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, () -> "timeout must be at least 1 ms, was " + timeout);
		this.enqueueReplicas = replicas;
		this.enqueueReplicaTimeoutMillis = timeout.toMillis();
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload) {
		return enqueueAll(queue, Collections.singletonList(payload)).get(0);
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads) {
		Queue q = queue(queue);
		Assert.notNull(payloads, "payloads must not be null");
		List<String> ids = new ArrayList<>(payloads.size());
		List<String> jsons = new ArrayList<>(payloads.size());
		for (Object payload : payloads) {
			jsons.add(payloadJson(q, payload));
			ids.add(JobIds.newId());
		}
		for (int from = 0; from < ids.size(); from += ENQUEUE_GROUP) {
			int to = Math.min(ids.size(), from + ENQUEUE_GROUP);
			List<String> args = new ArrayList<>(2 + 2 * (to - from));
			args.add(now());
			// skip ids that exist: new ids never do, but Lettuce replays a command whose
			// reply a dropped
			// connection lost, and a replayed enqueue must not push the same id to
			// pending twice
			args.add("1");
			for (int i = from; i < to; i++) {
				args.add(ids.get(i));
				args.add(jsons.get(i));
			}
			runEnqueue(q, args);
			q.enqueued.add(to - from);
		}
		return ids;
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload, JobOptions options) {
		return enqueueAll(queue, Collections.singletonList(payload), options).get(0);
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads, JobOptions options) {
		Assert.notNull(options, "options must not be null");
		if (options.isPlain()) {
			return enqueueAll(queue, payloads);
		}
		Queue q = queue(queue);
		Assert.notNull(payloads, "payloads must not be null");
		List<String> ids = new ArrayList<>(payloads.size());
		List<String> jsons = new ArrayList<>(payloads.size());
		for (Object payload : payloads) {
			jsons.add(payloadJson(q, payload));
			ids.add(JobIds.newId());
		}
		for (int from = 0; from < ids.size(); from += ENQUEUE_GROUP) {
			int to = Math.min(ids.size(), from + ENQUEUE_GROUP);
			List<String> args = scheduledEnqueueArgs(q, options, 2 * (to - from));
			for (int i = from; i < to; i++) {
				args.add(ids.get(i));
				args.add(jsons.get(i));
			}
			run("enqueue", q, this.scripts.enqueueScheduledJobs(), q.scheduledEnqueueKeys, args);
			q.enqueued.add(to - from);
		}
		return ids;
	}

	@Override
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload, JobOptions options) {
		Assert.notNull(options, "options must not be null");
		if (options.isPlain()) {
			return enqueueIfAbsent(queue, jobId, payload);
		}
		Queue q = queue(queue);
		Assert.hasText(jobId, "jobId must not be blank");
		List<String> args = scheduledEnqueueArgs(q, options, 2);
		args.add(jobId);
		args.add(payloadJson(q, payload));
		List<Object> written = run("enqueue", q, this.scripts.enqueueScheduledJobs(), q.scheduledEnqueueKeys, args);
		boolean enqueued = !written.isEmpty() && toLong(written.get(0)) == 1;
		if (enqueued) {
			q.enqueued.increment();
		}
		return enqueued;
	}

	private List<String> scheduledEnqueueArgs(Queue q, JobOptions options, int jobArgs) {
		long now = this.clock.millis();
		List<String> args = new ArrayList<>(6 + jobArgs);
		args.add(Long.toString(now));
		// skip ids that exist, for the same reason as a plain enqueue: a replayed command
		args.add("1");
		args.add(Long.toString(options.dueAtMillis(now)));
		args.add((options.getExpiresAt() != null) ? Long.toString(options.getExpiresAt().toEpochMilli()) : "");
		args.add((options.getTimeout() != null) ? Long.toString(options.getTimeout().toMillis()) : "");
		args.add(q.keys.wake());
		return args;
	}

	@Override
	@SuppressWarnings("unchecked")
	public DelayedPromotion promoteDueJobs(String queue, int max) {
		Queue q = queue(queue);
		Assert.isTrue(max > 0, () -> "max must be positive, was " + max);
		List<Object> reply = run("promote delayed", q, this.scripts.promoteDelayedJobs(), q.promoteKeys,
				List.of(now(), String.valueOf(max), q.ttlSeconds, q.historySize, q.keys.events()));
		List<String> missing = (List<String>) reply.get(1);
		List<String> expired = (List<String>) reply.get(2);
		q.failed.add(missing.size() + expired.size());
		String soonest = (String) reply.get(3);
		Instant nextDue = soonest.isEmpty() ? null : Instant.ofEpochMilli((long) Double.parseDouble(soonest));
		return new DelayedPromotion(q.name, (int) toLong(reply.get(0)), missing, expired, nextDue);
	}

	@Override
	public boolean runNow(String queue, String id) {
		Queue q = queue(queue);
		Assert.hasText(id, "id must not be blank");
		return run("run delayed", q, this.scripts.runDelayedJob(), q.runNowKeys, List.of(id)) == 1;
	}

	@Override
	public boolean enqueueScheduleTick(String queue, String schedule, Instant tick, String payloadJson) {
		Queue q = queue(queue);
		Assert.hasText(schedule, "schedule must not be blank");
		Assert.notNull(tick, "tick must not be null");
		this.converter.validate(payloadJson);
		boolean enqueued = run("enqueue schedule tick", q, this.scripts.enqueueScheduleTick(),
				List.of(q.keys.schedule(schedule), q.keys.jobPrefix(), q.keys.pending()),
				List.of(String.valueOf(tick.toEpochMilli()), JobIds.newId(), payloadJson, now(), schedule)) == 1;
		if (enqueued) {
			q.enqueued.increment();
		}
		return enqueued;
	}

	@Override
	public Optional<Instant> lastScheduleTick(String queue, String schedule) {
		Queue q = queue(queue);
		Assert.hasText(schedule, "schedule must not be blank");
		Object last = call("read schedule", q,
				() -> this.redis.opsForHash().get(q.keys.schedule(schedule), "last_tick_ms"));
		return Optional.ofNullable(JobRecord.instant((last != null) ? last.toString() : null));
	}

	@Override
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload) {
		Queue q = queue(queue);
		Assert.hasText(jobId, "jobId must not be blank");
		List<Object> written = runEnqueue(q, List.of(now(), "1", jobId, payloadJson(q, payload)));
		boolean enqueued = !written.isEmpty() && toLong(written.get(0)) == 1;
		if (enqueued) {
			q.enqueued.increment();
		}
		return enqueued;
	}

	private List<Object> runEnqueue(Queue q, List<String> args) {
		if (this.enqueueReplicas == 0) {
			return run("enqueue", q, this.scripts.enqueueJobs(), q.enqueueKeys, args);
		}
		RedisConnection connection;
		try {
			connection = this.blockingConnections.borrow();
		}
		catch (DataAccessException ex) {
			throw failure("enqueue", q.name, ex);
		}
		boolean broken = true;
		List<Object> results;
		try {
			// WAIT counts the writes of its own connection, so it must follow the script
			// on the same
			// one; a pipeline runs both on the dedicated connection, in one round trip
			byte[][] keysAndArgs = new byte[q.enqueueKeys.size() + args.size()][];
			int i = 0;
			for (String key : q.enqueueKeys) {
				keysAndArgs[i++] = key.getBytes(StandardCharsets.UTF_8);
			}
			for (String arg : args) {
				keysAndArgs[i++] = arg.getBytes(StandardCharsets.UTF_8);
			}
			connection.openPipeline();
			connection.scriptingCommands()
				.eval(this.scripts.enqueueJobs().getScriptAsString().getBytes(StandardCharsets.UTF_8), ReturnType.MULTI,
						q.enqueueKeys.size(), keysAndArgs);
			ReplicaWait.send(connection, this.enqueueReplicas, this.enqueueReplicaTimeoutMillis);
			// if the connection dropped after the script, Lettuce replays WAIT on a new
			// connection
			// (perhaps to a new primary) where it counts nothing: check the jobs are
			// where WAIT ran
			connection.keyCommands()
				.exists((q.keys.jobPrefix() + args.get(args.size() - 2)).getBytes(StandardCharsets.UTF_8));
			results = connection.closePipeline();
			broken = false;
		}
		catch (DataAccessException ex) {
			throw failure("enqueue", q.name, ex);
		}
		finally {
			this.blockingConnections.release(connection, broken);
		}
		long acknowledged = (results.size() == 3) ? toLong(results.get(1)) : -1;
		boolean present = results.size() == 3
				&& (Boolean.TRUE.equals(results.get(2)) || (results.get(2) instanceof Number n && n.longValue() > 0));
		if (acknowledged < this.enqueueReplicas || !present) {
			String reached = present
					? "was acknowledged by " + acknowledged + " of " + this.enqueueReplicas + " replicas within "
							+ this.enqueueReplicaTimeoutMillis + " ms"
					: "could not be confirmed: the connection changed between the write and WAIT";
			throw new JobQueueException("enqueue on queue '" + q.name + "' " + reached + " on Redis " + this.server
					+ ": the jobs may be written on a primary that a failover discards; retry with "
					+ "enqueueIfAbsent and the same id to enqueue exactly once");
		}
		List<?> written = (List<?>) results.get(0);
		return new ArrayList<>(written);
	}

	@Override
	public Optional<ClaimedJob> claim(String queue, Duration timeout) {
		Queue q = queue(queue);
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, () -> "timeout must be at least 1 ms, was " + timeout);
		long deadline = this.clock.millis() + timeout.toMillis();
		while (true) {
			List<ClaimedJob> jobs = claim(q, "", 1);
			if (!jobs.isEmpty()) {
				return Optional.of(jobs.get(0));
			}
			long remaining = deadline - this.clock.millis();
			String id = blockingMove(q, Math.max(remaining, MIN_BLOCK_MILLIS));
			if (id != null) {
				jobs = claim(q, id, 1);
				if (!jobs.isEmpty()) {
					return Optional.of(jobs.get(0));
				}
			}
			if (id == null || this.clock.millis() >= deadline) {
				return Optional.empty();
			}
		}
	}

	@Override
	public List<ClaimedJob> claimAvailable(String queue, int max) {
		Queue q = queue(queue);
		Assert.isTrue(max > 0, () -> "max must be positive, was " + max);
		return claim(q, "", max);
	}

	private List<ClaimedJob> claim(Queue q, String movedId, int max) {
		String now = now();
		List<String> args = new ArrayList<>(5 + max);
		args.add(now);
		args.add(movedId);
		args.add(q.ttlSeconds);
		args.add(q.historySize);
		args.add(q.keys.events());
		for (int i = 0; i < max; i++) {
			args.add(JobIds.newId());
		}
		List<Object> flat = run("claim", q, this.scripts.claimJobs(), q.claimKeys, args);
		return claimedJobs(q, now, flat);
	}

	private List<ClaimedJob> claimedJobs(Queue q, String now, List<Object> flat) {
		Instant claimedAt = Instant.ofEpochMilli(Long.parseLong(now));
		List<ClaimedJob> jobs = new ArrayList<>(flat.size() / 6);
		for (int i = 0; i + 5 < flat.size(); i += 6) {
			long timeoutMillis = toLong(flat.get(i + 5));
			ClaimedJob job = new ClaimedJob(q.name, (String) flat.get(i), (String) flat.get(i + 1),
					(int) toLong(flat.get(i + 2)), (String) flat.get(i + 3),
					JobRecord.instant((String) flat.get(i + 4)), claimedAt,
					(timeoutMillis > 0) ? Duration.ofMillis(timeoutMillis) : null);
			if (isWellFormed(job)) {
				jobs.add(job);
			}
		}
		return jobs;
	}

	private boolean isWellFormed(ClaimedJob job) {
		try {
			this.converter.validate(job.payload());
			return true;
		}
		catch (JobPayloadException ex) {
			logger.warn("Failing job " + job.id() + " of queue '" + job.queue() + "' for good: " + ex.getMessage());
			fail(job, ex.getMessage(), false);
			return false;
		}
	}

	private @Nullable String blockingMove(Queue q, long timeoutMillis) {
		RedisConnection connection;
		try {
			connection = this.blockingConnections.borrow();
		}
		catch (DataAccessException ex) {
			throw failure("claim", q.name, ex);
		}
		boolean broken = true;
		try {
			byte[] id = connection.listCommands()
				.bLMove(q.pendingBytes, q.processingBytes, Direction.RIGHT, Direction.LEFT, timeoutMillis / 1000.0);
			broken = false;
			return (id != null) ? new String(id, StandardCharsets.UTF_8) : null;
		}
		catch (DataAccessException ex) {
			throw failure("claim", q.name, ex);
		}
		finally {
			this.blockingConnections.release(connection, broken);
		}
	}

	@Override
	public boolean complete(ClaimedJob job, @Nullable Object result) {
		Queue q = queue(job.queue());
		String json = this.converter.write(result);
		Long done = run("complete", q, this.scripts.completeJob(), q.completeKeys, List.of(job.id(), job.claimToken(),
				JobState.COMPLETED.value(), now(), json, q.ttlSeconds, q.historySize, q.keys.events()));
		if (done == 1) {
			q.completed.increment();
			return true;
		}
		return false;
	}

	@Override
	@SuppressWarnings("unchecked")
	public CompleteAndClaimResult completeAndClaim(ClaimedJob job, @Nullable Object result, int max) {
		Queue q = queue(job.queue());
		Assert.isTrue(max >= 0, () -> "max must not be negative, was " + max);
		String json = this.converter.write(result);
		String now = now();
		List<String> args = new ArrayList<>(8 + max);
		args.add(now);
		args.add(q.ttlSeconds);
		args.add(q.historySize);
		args.add(q.keys.events());
		args.add("1");
		args.add(job.id());
		args.add(job.claimToken());
		args.add(json);
		for (int i = 0; i < max; i++) {
			args.add(JobIds.newId());
		}
		List<Object> reply = run("complete and claim", q, this.scripts.completeAndClaimJobs(), q.completeAndClaimKeys,
				args);
		List<Object> done = (!reply.isEmpty()) ? (List<Object>) reply.get(0) : List.of();
		boolean completed = !done.isEmpty() && toLong(done.get(0)) == 1;
		if (completed) {
			q.completed.increment();
		}
		List<Object> claimed = (reply.size() > 1) ? (List<Object>) reply.get(1) : List.of();
		return new CompleteAndClaimResult(completed, claimedJobs(q, now, claimed));
	}

	@Override
	public FailOutcome fail(ClaimedJob job, String error) {
		return fail(job, error, true);
	}

	@Override
	public FailOutcome fail(ClaimedJob job, String error, boolean retryable) {
		return fail(job, error, retryable, Duration.ZERO);
	}

	@Override
	public FailOutcome fail(ClaimedJob job, String error, boolean retryable, Duration retryDelay) {
		Queue q = queue(job.queue());
		Assert.notNull(error, "error must not be null");
		Assert.isTrue(retryDelay != null && !retryDelay.isNegative(),
				() -> "retryDelay must not be negative, was " + retryDelay);
		String text = (error.length() > MAX_ERROR_CHARS) ? error.substring(0, MAX_ERROR_CHARS) : error;
		Long outcome = run("fail", q, this.scripts.failJob(), q.failKeys,
				List.of(job.id(), job.claimToken(), text, now(), q.ttlSeconds, q.historySize, retryable ? "1" : "0",
						String.valueOf(q.settings.maxAttempts()), q.keys.events(),
						String.valueOf(retryDelay.toMillis()), q.keys.wake()));
		if (outcome == 1) {
			q.retried.increment();
			return FailOutcome.RETRIED;
		}
		if (outcome == 2) {
			q.failed.increment();
			return FailOutcome.FAILED;
		}
		return FailOutcome.REJECTED;
	}

	@Override
	public List<ClaimedJob> extendLeases(Collection<ClaimedJob> jobs) {
		if (jobs.isEmpty()) {
			return List.of();
		}
		List<ClaimedJob> list = List.copyOf(jobs);
		Queue q = queue(list.get(0).queue());
		List<String> args = new ArrayList<>(1 + 2 * list.size());
		args.add(now());
		for (ClaimedJob job : list) {
			Assert.isTrue(job.queue().equals(q.name), "jobs must all belong to one queue");
			args.add(job.id());
			args.add(job.claimToken());
		}
		List<Object> extended = run("extend lease", q, this.scripts.extendLeases(), q.jobPrefixKey, args);
		List<ClaimedJob> lost = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			if (i >= extended.size() || toLong(extended.get(i)) != 1) {
				lost.add(list.get(i));
			}
		}
		return lost;
	}

	@Override
	public List<ClaimedJob> release(Collection<ClaimedJob> jobs) {
		if (jobs.isEmpty()) {
			return List.of();
		}
		List<ClaimedJob> list = List.copyOf(jobs);
		Queue q = queue(list.get(0).queue());
		List<String> args = new ArrayList<>(2 * list.size());
		for (ClaimedJob job : list) {
			Assert.isTrue(job.queue().equals(q.name), "jobs must all belong to one queue");
			args.add(job.id());
			args.add(job.claimToken());
		}
		List<Object> flags = run("release", q, this.scripts.releaseJobs(), q.releaseKeys, args);
		List<ClaimedJob> released = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			if (i < flags.size() && toLong(flags.get(i)) == 1) {
				released.add(list.get(i));
			}
		}
		return released;
	}

	@Override
	public boolean retry(String queue, String id) {
		Queue q = queue(queue);
		Assert.hasText(id, "id must not be blank");
		return run("retry", q, this.scripts.retryJob(), q.retryKeys, List.of(id)) == 1;
	}

	@Override
	public boolean delete(String queue, String id) {
		Queue q = queue(queue);
		Assert.hasText(id, "id must not be blank");
		return run("delete", q, this.scripts.deleteJob(), q.deleteKeys, List.of(id)) == 1;
	}

	@Override
	@SuppressWarnings("unchecked")
	public ReclaimResult reclaimStuck(String queue) {
		Queue q = queue(queue);
		List<Object> result = run("reclaim", q, this.scripts.reclaimStuckJobs(), q.reclaimKeys,
				List.of(now(), String.valueOf(q.settings.visibilityTimeout().toMillis()),
						String.valueOf(q.settings.maxAttempts()), q.ttlSeconds, q.historySize, q.keys.events()));
		List<String> reclaimed = (!result.isEmpty()) ? (List<String>) result.get(0) : List.of();
		List<String> failed = (result.size() > 1) ? (List<String>) result.get(1) : List.of();
		q.reclaimed.add(reclaimed.size());
		q.failed.add(failed.size());
		return new ReclaimResult(q.name, reclaimed, failed);
	}

	@Override
	public QueueStats stats(String queue) {
		Queue q = queue(queue);
		List<Object> depths = run("stats", q, this.scripts.queueDepths(), q.depthKeys, List.of());
		return new QueueStats(q.name, q.enqueued.sum(), q.completed.sum(), q.failed.sum(), q.retried.sum(),
				q.reclaimed.sum(), toLong(depths.get(0)), toLong(depths.get(1)), toLong(depths.get(2)),
				toLong(depths.get(3)), q.settings.visibilityTimeout().toMillis(), toLong(depths.get(4)));
	}

	@Override
	public QueueCounters counters(String queue) {
		Queue q = queue(queue);
		return new QueueCounters(q.name, q.enqueued.sum(), q.completed.sum(), q.failed.sum(), q.retried.sum(),
				q.reclaimed.sum());
	}

	@Override
	public Optional<JobRecord> getJob(String queue, String id) {
		Queue q = queue(queue);
		Assert.hasText(id, "id must not be blank");
		Map<String, String> fields = call("get job", q,
				() -> this.redis.<String, String>opsForHash().entries(q.keys.job(id)));
		return (fields == null || fields.isEmpty()) ? Optional.empty() : Optional.of(JobRecord.of(q.name, id, fields));
	}

	@Override
	public List<String> listJobIds(String queue, JobState state, int limit) {
		Queue q = queue(queue);
		Assert.notNull(state, "state must not be null");
		Assert.isTrue(limit > 0, () -> "limit must be positive, was " + limit);
		return call("list " + state.value(), q, () -> {
			if (state == JobState.DELAYED) {
				Set<String> ids = this.redis.opsForZSet().range(q.keys.delayed(), 0, limit - 1);
				return (ids != null) ? new ArrayList<>(ids) : List.of();
			}
			if (state == JobState.PENDING) {
				List<String> ids = this.redis.opsForList().range(q.keys.pending(), -limit, -1);
				List<String> oldestFirst = new ArrayList<>((ids != null) ? ids : List.of());
				Collections.reverse(oldestFirst);
				return oldestFirst;
			}
			String key = switch (state) {
				case PROCESSING -> q.keys.processing();
				case COMPLETED -> q.keys.completed();
				default -> q.keys.failed();
			};
			List<String> ids = this.redis.opsForList().range(key, 0, limit - 1);
			return (ids != null) ? ids : List.of();
		});
	}

	@Override
	public long purge(String queue) {
		Queue q = queue(queue);
		long deleted = call("purge", q, () -> {
			Long lists = this.redis.delete(q.depthKeys);
			long count = (lists != null) ? lists : 0;
			ScanOptions options = ScanOptions.scanOptions()
				.match(escapeGlob(q.keys.jobPrefix()) + "*")
				.count(500)
				.build();
			List<String> batch = new ArrayList<>(500);
			try (Cursor<String> cursor = this.redis.scan(options)) {
				while (cursor.hasNext()) {
					batch.add(cursor.next());
					if (batch.size() == 500) {
						count += unlink(batch);
					}
				}
			}
			return count + unlink(batch);
		});
		q.resetCounters();
		return deleted;
	}

	private long unlink(List<String> keys) {
		if (keys.isEmpty()) {
			return 0;
		}
		Long removed = this.redis.unlink(keys);
		keys.clear();
		return (removed != null) ? removed : 0;
	}

	@Override
	public QueueSettings settings(String queue) {
		return queue(queue).settings;
	}

	/**
	 * Closes the connections kept for blocking claims.
	 */
	@Override
	public void destroy() {
		this.blockingConnections.close();
	}

	/**
	 * Keeps connections for blocking claims again after a {@link #stop()}.
	 */
	@Override
	public void start() {
		this.blockingConnections.open();
		this.running = true;
	}

	/**
	 * Closes the idle connections kept for blocking claims, after the workers have
	 * stopped and before the connection factory stops (phase 0), so no pooled connection
	 * is left unreleased.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.blockingConnections.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops after the worker containers and the reclaimer, before the Redis connection
	 * factory.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 8192;
	}

	/**
	 * Escapes the glob characters of SCAN MATCH, so a queue named {@code we*ird[q]}
	 * matches only its own keys.
	 * @param literal the text to match literally
	 * @return the pattern
	 */
	static String escapeGlob(String literal) {
		StringBuilder pattern = new StringBuilder(literal.length() + 8);
		for (char c : literal.toCharArray()) {
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				pattern.append('\\');
			}
			pattern.append(c);
		}
		return pattern.toString();
	}

	private String payloadJson(Queue q, @Nullable Object payload) {
		String json = this.converter.write(payload);
		int limit = q.settings.maxPayloadBytes();
		if (json.length() > limit / 3) {
			int bytes = json.getBytes(StandardCharsets.UTF_8).length;
			if (bytes > limit) {
				throw new JobPayloadException("Payload of " + bytes + " bytes exceeds the limit of " + limit
						+ " bytes of queue '" + q.name + "'");
			}
		}
		return json;
	}

	private String now() {
		return Long.toString(this.clock.millis());
	}

	private <T> T run(String operation, Queue q, RedisScript<T> script, List<String> keys, List<String> args) {
		T result = call(operation, q, () -> this.redis.execute(script, keys, args.toArray()));
		if (result == null) {
			throw new JobQueueException(
					operation + " on queue '" + q.name + "' got no reply from Redis " + this.server);
		}
		return result;
	}

	private <T> T call(String operation, Queue q, RedisCall<T> action) {
		try {
			return action.call();
		}
		catch (DataAccessException ex) {
			throw failure(operation, q.name, ex);
		}
	}

	private JobQueueException failure(String operation, String queue, DataAccessException ex) {
		// Spring Data Redis often says only "Error in execution"; Redis's own words
		// (CROSSSLOT, NOPERM,
		// READONLY, OOM ...) are in the innermost cause, and they are what tells the user
		// what to fix.
		String message = ex.getMessage();
		Throwable cause = ex.getMostSpecificCause();
		if (cause != ex && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
			message = message + ": " + cause.getMessage();
		}
		return new JobQueueException(
				operation + " on queue '" + queue + "' failed against Redis " + this.server + ": " + message, ex);
	}

	private static long toLong(@Nullable Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof byte[] bytes) {
			return JobRecord.parseLong(new String(bytes, StandardCharsets.UTF_8));
		}
		return JobRecord.parseLong((value != null) ? value.toString() : null);
	}

	private Queue queue(String name) {
		Assert.isTrue(name != null && !name.isBlank(), "queue must not be blank");
		return this.queues.computeIfAbsent(name, (key) -> {
			QueueSettings resolved = this.settings.apply(key);
			Assert.state(resolved != null && resolved.name().equals(key),
					() -> "settings for queue '" + key + "' must carry that name, got " + resolved);
			return new Queue(resolved);
		});
	}

	@FunctionalInterface
	private interface RedisCall<T> {

		@Nullable T call();

	}

	/**
	 * A queue's settings, key lists and counters, computed once per name.
	 */
	private static final class Queue {

		final String name;

		final QueueSettings settings;

		final QueueKeys keys;

		final String ttlSeconds;

		final String historySize;

		final byte[] pendingBytes;

		final byte[] processingBytes;

		final List<String> enqueueKeys;

		final List<String> claimKeys;

		final List<String> completeKeys;

		final List<String> completeAndClaimKeys;

		final List<String> failKeys;

		final List<String> reclaimKeys;

		final List<String> jobPrefixKey;

		final List<String> releaseKeys;

		final List<String> retryKeys;

		final List<String> deleteKeys;

		final List<String> scheduledEnqueueKeys;

		final List<String> promoteKeys;

		final List<String> runNowKeys;

		final List<String> depthKeys;

		final LongAdder enqueued = new LongAdder();

		final LongAdder completed = new LongAdder();

		final LongAdder failed = new LongAdder();

		final LongAdder retried = new LongAdder();

		final LongAdder reclaimed = new LongAdder();

		Queue(QueueSettings settings) {
			this.name = settings.name();
			this.settings = settings;
			this.keys = settings.keys();
			this.ttlSeconds = String.valueOf(settings.finishedTtl().toSeconds());
			this.historySize = String.valueOf(settings.historySize());
			this.pendingBytes = this.keys.pending().getBytes(StandardCharsets.UTF_8);
			this.processingBytes = this.keys.processing().getBytes(StandardCharsets.UTF_8);
			this.enqueueKeys = List.of(this.keys.jobPrefix(), this.keys.pending());
			this.claimKeys = List.of(this.keys.pending(), this.keys.processing(), this.keys.jobPrefix(),
					this.keys.failed());
			this.completeKeys = List.of(this.keys.jobPrefix(), this.keys.processing(), this.keys.completed());
			this.completeAndClaimKeys = List.of(this.keys.pending(), this.keys.processing(), this.keys.jobPrefix(),
					this.keys.failed(), this.keys.completed());
			this.failKeys = List.of(this.keys.jobPrefix(), this.keys.processing(), this.keys.pending(),
					this.keys.failed(), this.keys.delayed());
			this.reclaimKeys = List.of(this.keys.pending(), this.keys.processing(), this.keys.jobPrefix(),
					this.keys.failed());
			this.jobPrefixKey = List.of(this.keys.jobPrefix());
			this.releaseKeys = List.of(this.keys.jobPrefix(), this.keys.processing(), this.keys.pending());
			this.retryKeys = List.of(this.keys.jobPrefix(), this.keys.failed(), this.keys.pending());
			this.deleteKeys = List.of(this.keys.jobPrefix(), this.keys.pending(), this.keys.processing(),
					this.keys.completed(), this.keys.failed(), this.keys.delayed());
			this.scheduledEnqueueKeys = List.of(this.keys.jobPrefix(), this.keys.pending(), this.keys.delayed());
			this.promoteKeys = List.of(this.keys.delayed(), this.keys.pending(), this.keys.jobPrefix(),
					this.keys.failed());
			this.runNowKeys = List.of(this.keys.delayed(), this.keys.pending(), this.keys.jobPrefix());
			this.depthKeys = List.of(this.keys.pending(), this.keys.processing(), this.keys.completed(),
					this.keys.failed(), this.keys.delayed());
		}

		void resetCounters() {
			this.enqueued.reset();
			this.completed.reset();
			this.failed.reset();
			this.retried.reset();
			this.reclaimed.reset();
		}

	}

}
