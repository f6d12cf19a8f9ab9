package dev.jobqueue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.jobqueue.observation.JobEnqueueObserver;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link JobQueueOperations} on Redis, writing the reference helpers' data model byte for
 * byte; built, together with the admin and worker clients it shares its queues with, by
 * {@link JobQueueClients}.
 * <p>
 * Thread-safe. One instance serves any number of queues.
 */
public final class JobQueueTemplate implements JobQueueOperations {

	private static final int MAX_REASON_CHARS = 8192;

	private final ScriptRunner runner;

	private final QueueContexts queues;

	private final JobPayloadConverter converter;

	private final JobEnqueuer enqueuer;

	private final JobWaits waits;

	private final QueueShards shards;

	JobQueueTemplate(ScriptRunner runner, QueueContexts queues, JobPayloadConverter converter,
			@Nullable DurableEnqueue durable, JobWaits waits) {
		this(runner, queues, converter, durable, waits, QueueShards.none());
	}

	JobQueueTemplate(ScriptRunner runner, QueueContexts queues, JobPayloadConverter converter,
			@Nullable DurableEnqueue durable, JobWaits waits, QueueShards shards) {
		this.shards = shards;
		this.runner = runner;
		this.queues = queues;
		this.converter = converter;
		this.enqueuer = new JobEnqueuer(runner, converter, durable);
		this.waits = waits;
	}

	/**
	 * Sets the observer of enqueue calls, which observes each in a Micrometer observation
	 * and hands over the trace context stored in the jobs' {@code traceparent} field.
	 * @param observer the observer, or null (the default) to enqueue unobserved, jobs
	 * keeping the reference's fields only
	 */
	public void setEnqueueObserver(@Nullable JobEnqueueObserver observer) {
		this.enqueuer.setObserver(observer);
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload) {
		return enqueueAll(queue, Collections.singletonList(payload)).get(0);
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads) {
		return enqueueAll(queue, payloads, JobOptions.none());
	}

	@Override
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload) {
		return enqueueIfAbsent(queue, jobId, payload, JobOptions.none());
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload, JobOptions options) {
		return enqueueAll(queue, Collections.singletonList(payload), options).get(0);
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads, JobOptions options) {
		Assert.notNull(options, "options must not be null");
		if (!this.shards.isSharded(queue)) {
			return this.enqueuer.enqueueAll(this.queues.forWork(queue), payloads, options);
		}
		return enqueueSharded(queue, payloads, options);
	}

	/**
	 * Spreads jobs over a sharded queue's sub-queues by their new ids, one write per
	 * sub-queue; the ids come back in the order of the payloads.
	 */
	private List<String> enqueueSharded(String queue, Collection<?> payloads, JobOptions options) {
		Assert.notNull(payloads, "payloads must not be null");
		Map<String, List<String>> ids = new LinkedHashMap<>();
		Map<String, List<@Nullable Object>> grouped = new LinkedHashMap<>();
		Map<String, List<String>> jsons = new LinkedHashMap<>();
		List<String> all = new ArrayList<>(payloads.size());
		// every payload is converted and checked before the first write
		for (Object payload : payloads) {
			String id = JobIds.newId();
			String sub = this.shards.route(queue, id);
			ids.computeIfAbsent(sub, (name) -> new ArrayList<>()).add(id);
			grouped.computeIfAbsent(sub, (name) -> new ArrayList<>()).add(payload);
			jsons.computeIfAbsent(sub, (name) -> new ArrayList<>())
				.add(this.enqueuer.payloadJson(this.queues.forWork(sub), payload));
			all.add(id);
		}
		grouped.forEach((sub, list) -> this.enqueuer.enqueueAll(this.queues.forWork(sub), ids.get(sub), list,
				jsons.get(sub), options));
		return all;
	}

	@Override
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload, JobOptions options) {
		Assert.notNull(options, "options must not be null");
		Assert.hasText(jobId, "jobId must not be blank");
		return this.enqueuer.enqueueIfAbsent(this.queues.forWork(this.shards.route(queue, jobId)), jobId, payload,
				options);
	}

	@Override
	public Deduplication.Outcome enqueue(String queue, String jobId, @Nullable Object payload,
			Deduplication deduplication) {
		Assert.hasText(jobId, "jobId must not be blank");
		return this.enqueuer.enqueue(this.queues.forWork(this.shards.route(queue, jobId)), jobId, payload,
				deduplication);
	}

	@Override
	public boolean enqueueScheduleTick(String queue, String schedule, Instant tick, String payloadJson) {
		Assert.hasText(schedule, "schedule must not be blank");
		// a schedule's ticks all go to one sub-queue, which keeps its last tick
		return this.enqueuer.enqueueScheduleTick(this.queues.forWork(this.shards.route(queue, schedule)), schedule,
				tick, payloadJson);
	}

	@Override
	public String enqueueScheduleNow(String queue, String schedule, String payloadJson) {
		Assert.hasText(schedule, "schedule must not be blank");
		return this.enqueuer.enqueueScheduleNow(this.queues.forWork(this.shards.route(queue, schedule)), schedule,
				payloadJson);
	}

	@Override
	public Optional<JobRecord> getJob(String queue, String id) {
		Assert.hasText(id, "id must not be blank");
		QueueContext q = this.queues.forLookup(this.shards.route(queue, id));
		Map<String, String> fields = this.runner.call("get job", q,
				() -> this.runner.redis.<String, String>opsForHash().entries(q.keys.job(id)));
		return (fields == null || fields.isEmpty()) ? Optional.empty() : Optional.of(JobRecord.of(q.name, id, fields));
	}

	@Override
	public <T> Optional<T> getResult(JobRecord job, Type type) {
		String result = job.result();
		return (result != null) ? Optional.ofNullable(this.converter.<T>read(result, type)) : Optional.empty();
	}

	@Override
	public <T> JobResultFuture<T> enqueueAndWait(String queue, @Nullable Object payload, Class<T> resultType,
			Duration timeout) {
		return enqueueAndWait(queue, payload, JobOptions.none(), resultType, timeout);
	}

	@Override
	public <T> JobResultFuture<T> enqueueAndWait(String queue, @Nullable Object payload, JobOptions options,
			Type resultType, Duration timeout) {
		Assert.notNull(options, "options must not be null");
		String id = JobIds.newId();
		QueueContext q = this.queues.forWork(this.shards.route(queue, id));
		String json = this.enqueuer.payloadJson(q, payload);
		// subscribed and registered before the job exists: its completion cannot be
		// missed
		JobResultFuture<T> future = this.waits.register(q, id, resultType, timeout);
		try {
			this.enqueuer.enqueue(q, id, json, options);
		}
		catch (RuntimeException ex) {
			this.waits.abandon(future, ex);
			throw ex;
		}
		q.enqueued.increment();
		return future;
	}

	@Override
	public <T> JobResultFuture<T> awaitJob(String queue, String id, Class<T> resultType, Duration timeout) {
		return awaitJob(queue, id, (Type) resultType, timeout);
	}

	@Override
	public <T> JobResultFuture<T> awaitJob(String queue, String id, Type resultType, Duration timeout) {
		Assert.hasText(id, "id must not be blank");
		QueueContext q = this.queues.forLookup(this.shards.route(queue, id));
		JobResultFuture<T> future = this.waits.register(q, id, resultType, timeout);
		// subscribed first, then one look-up: a job that finished before the
		// subscription completes the wait here, one that finishes after it by its event
		this.waits.checkNow(future, q);
		return future;
	}

	@Override
	public JobCancellation cancel(String queue, String id) {
		return cancel(queue, id, "cancelled");
	}

	@Override
	public JobCancellation cancel(String queue, String id, String reason) {
		Assert.hasText(id, "id must not be blank");
		QueueContext q = this.queues.forLookup(this.shards.route(queue, id));
		Assert.hasText(reason, "reason must not be blank");
		String text = (reason.length() > MAX_REASON_CHARS) ? reason.substring(0, MAX_REASON_CHARS) : reason;
		List<Object> reply = this.runner.run("cancel", q, this.runner.scripts.cancelJob(), q.cancelKeys, List.of(id,
				this.runner.now(), q.ttlSeconds, q.historySize, q.keys.events(), q.keys.cancelChannel(), text));
		long code = ScriptRunner.toLong(reply.get(0));
		String before = (reply.size() > 1 && reply.get(1) != null) ? reply.get(1).toString() : "";
		JobCancellation.Outcome outcome = switch ((int) code) {
			case 1 -> JobCancellation.Outcome.CANCELLED;
			case 2 -> JobCancellation.Outcome.CANCELLED_RUNNING;
			case 0 -> JobCancellation.Outcome.ALREADY_FINISHED;
			default -> JobCancellation.Outcome.NOT_FOUND;
		};
		return new JobCancellation(q.name, id, outcome, before);
	}

}
