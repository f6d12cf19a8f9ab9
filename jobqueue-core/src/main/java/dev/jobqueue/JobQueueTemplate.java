package dev.jobqueue;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

	private static final int ENQUEUE_GROUP = 1000;

	private final ScriptRunner runner;

	private final QueueContexts queues;

	private final JobPayloadConverter converter;

	private static final int MAX_REASON_CHARS = 8192;

	private final @Nullable DurableEnqueue durable;

	private final JobWaits waits;

	JobQueueTemplate(ScriptRunner runner, QueueContexts queues, JobPayloadConverter converter,
			@Nullable DurableEnqueue durable, JobWaits waits) {
		this.runner = runner;
		this.queues = queues;
		this.converter = converter;
		this.durable = durable;
		this.waits = waits;
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload) {
		return enqueueAll(queue, Collections.singletonList(payload)).get(0);
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads) {
		QueueContext q = this.queues.forWork(queue);
		if (q.flow.lifo()) {
			return enqueueWithOptions(q, payloads, JobOptions.none());
		}
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
			args.add(this.runner.now());
			// skip ids that exist: new ids never do, but Lettuce replays a command whose
			// reply a dropped connection lost, and a replayed enqueue must not push the
			// same id to pending twice
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
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload) {
		QueueContext q = this.queues.forWork(queue);
		if (q.flow.lifo()) {
			return enqueueIfAbsentWithOptions(q, jobId, payload, JobOptions.none());
		}
		Assert.hasText(jobId, "jobId must not be blank");
		List<Object> written = runEnqueue(q, List.of(this.runner.now(), "1", jobId, payloadJson(q, payload)));
		boolean enqueued = !written.isEmpty() && ScriptRunner.toLong(written.get(0)) == 1;
		if (enqueued) {
			q.enqueued.increment();
		}
		return enqueued;
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
		return enqueueWithOptions(this.queues.forWork(queue), payloads, options);
	}

	private List<String> enqueueWithOptions(QueueContext q, Collection<?> payloads, JobOptions options) {
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
			this.runner.run("enqueue", q, this.runner.scripts.enqueueScheduledJobs(), q.scheduledEnqueueKeys, args);
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
		return enqueueIfAbsentWithOptions(this.queues.forWork(queue), jobId, payload, options);
	}

	private boolean enqueueIfAbsentWithOptions(QueueContext q, String jobId, @Nullable Object payload,
			JobOptions options) {
		Assert.hasText(jobId, "jobId must not be blank");
		List<String> args = scheduledEnqueueArgs(q, options, 2);
		args.add(jobId);
		args.add(payloadJson(q, payload));
		List<Object> written = this.runner.run("enqueue", q, this.runner.scripts.enqueueScheduledJobs(),
				q.scheduledEnqueueKeys, args);
		boolean enqueued = !written.isEmpty() && ScriptRunner.toLong(written.get(0)) == 1;
		if (enqueued) {
			q.enqueued.increment();
		}
		return enqueued;
	}

	private List<String> scheduledEnqueueArgs(QueueContext q, JobOptions options, int jobArgs) {
		long now = this.runner.millis();
		List<String> args = new ArrayList<>(6 + jobArgs);
		args.add(Long.toString(now));
		// skip ids that exist, for the same reason as a plain enqueue: a replayed command
		args.add("1");
		args.add(Long.toString(options.dueAtMillis(now)));
		Instant expiresAt = options.getExpiresAt();
		args.add((expiresAt != null) ? Long.toString(expiresAt.toEpochMilli()) : "");
		Duration timeout = options.getTimeout();
		args.add((timeout != null) ? Long.toString(timeout.toMillis()) : "");
		args.add(q.keys.wake());
		String priority = options.getPriority();
		Assert.isTrue(priority == null || q.flow.priorities().contains(priority),
				() -> "priority must be one of the levels " + q.flow.priorities() + " of queue '" + q.name + "', was '"
						+ priority + "'");
		args.add((priority != null) ? priority : "");
		String group = options.getGroup();
		args.add((group != null) ? group : "");
		Boolean lifo = options.getLifo();
		args.add(((lifo != null) ? lifo : q.flow.lifo()) ? "1" : "0");
		return args;
	}

	@Override
	public boolean enqueueScheduleTick(String queue, String schedule, Instant tick, String payloadJson) {
		QueueContext q = this.queues.forWork(queue);
		Assert.hasText(schedule, "schedule must not be blank");
		Assert.notNull(tick, "tick must not be null");
		this.converter.readTree(payloadJson);
		boolean enqueued = this.runner.run("enqueue schedule tick", q, this.runner.scripts.enqueueScheduleTick(),
				List.of(q.keys.schedule(schedule), q.keys.jobPrefix(), q.keys.pending()),
				List.of(String.valueOf(tick.toEpochMilli()), JobIds.newId(), payloadJson, this.runner.now(),
						schedule)) == 1;
		if (enqueued) {
			q.enqueued.increment();
		}
		return enqueued;
	}

	@Override
	public String enqueueScheduleNow(String queue, String schedule, String payloadJson) {
		QueueContext q = this.queues.forWork(queue);
		Assert.hasText(schedule, "schedule must not be blank");
		this.converter.readTree(payloadJson);
		String id = JobIds.newId();
		String now = this.runner.now();
		this.runner.run("trigger schedule", q, this.runner.scripts.enqueueScheduleTick(),
				List.of(q.keys.schedule(schedule), q.keys.jobPrefix(), q.keys.pending()),
				List.of(now, id, payloadJson, now, schedule, "1"));
		q.enqueued.increment();
		return id;
	}

	private List<Object> runEnqueue(QueueContext q, List<String> args) {
		if (this.durable != null) {
			return this.durable.run(q, args);
		}
		return this.runner.run("enqueue", q, this.runner.scripts.enqueueJobs(), q.enqueueKeys, args);
	}

	@Override
	public Optional<JobRecord> getJob(String queue, String id) {
		QueueContext q = this.queues.forLookup(queue);
		Assert.hasText(id, "id must not be blank");
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
		QueueContext q = this.queues.forWork(queue);
		Assert.notNull(options, "options must not be null");
		String json = payloadJson(q, payload);
		String id = JobIds.newId();
		// subscribed and registered before the job exists: its completion cannot be
		// missed
		JobResultFuture<T> future = this.waits.register(q, id, resultType, timeout);
		try {
			if (options.isPlain()) {
				runEnqueue(q, List.of(this.runner.now(), "1", id, json));
			}
			else {
				List<String> args = scheduledEnqueueArgs(q, options, 2);
				args.add(id);
				args.add(json);
				this.runner.run("enqueue", q, this.runner.scripts.enqueueScheduledJobs(), q.scheduledEnqueueKeys, args);
			}
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
		QueueContext q = this.queues.forLookup(queue);
		Assert.hasText(id, "id must not be blank");
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
		QueueContext q = this.queues.forLookup(queue);
		Assert.hasText(id, "id must not be blank");
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

	@Override
	public Deduplication.Outcome enqueue(String queue, String jobId, @Nullable Object payload,
			Deduplication deduplication) {
		QueueContext q = this.queues.forWork(queue);
		Assert.hasText(jobId, "jobId must not be blank");
		Assert.notNull(deduplication, "deduplication must not be null");
		List<Object> reply = this.runner.run("enqueue", q, this.runner.scripts.enqueueDedupJob(), q.dedupKeys,
				List.of(this.runner.now(), deduplication.script(), jobId, payloadJson(q, payload),
						String.valueOf(deduplication.getDuration().toMillis()), q.keys.wake()));
		return switch ((int) ScriptRunner.toLong(reply.get(0))) {
			case 1 -> {
				q.enqueued.increment();
				yield Deduplication.Outcome.ENQUEUED;
			}
			case 2 -> Deduplication.Outcome.UPDATED;
			default -> Deduplication.Outcome.REFUSED;
		};
	}

	private String payloadJson(QueueContext q, @Nullable Object payload) {
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

}
