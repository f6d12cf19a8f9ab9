package dev.jobqueue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
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

	JobQueueTemplate(ScriptRunner runner, QueueContexts queues, JobPayloadConverter converter,
			@Nullable DurableEnqueue durable, JobWaits waits) {
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
		return this.enqueuer.enqueueAll(this.queues.forWork(queue), payloads, JobOptions.none());
	}

	@Override
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload) {
		return this.enqueuer.enqueueIfAbsent(this.queues.forWork(queue), jobId, payload, JobOptions.none());
	}

	@Override
	public String enqueue(String queue, @Nullable Object payload, JobOptions options) {
		return enqueueAll(queue, Collections.singletonList(payload), options).get(0);
	}

	@Override
	public List<String> enqueueAll(String queue, Collection<?> payloads, JobOptions options) {
		Assert.notNull(options, "options must not be null");
		return this.enqueuer.enqueueAll(this.queues.forWork(queue), payloads, options);
	}

	@Override
	public boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload, JobOptions options) {
		Assert.notNull(options, "options must not be null");
		return this.enqueuer.enqueueIfAbsent(this.queues.forWork(queue), jobId, payload, options);
	}

	@Override
	public Deduplication.Outcome enqueue(String queue, String jobId, @Nullable Object payload,
			Deduplication deduplication) {
		return this.enqueuer.enqueue(this.queues.forWork(queue), jobId, payload, deduplication);
	}

	@Override
	public boolean enqueueScheduleTick(String queue, String schedule, Instant tick, String payloadJson) {
		return this.enqueuer.enqueueScheduleTick(this.queues.forWork(queue), schedule, tick, payloadJson);
	}

	@Override
	public String enqueueScheduleNow(String queue, String schedule, String payloadJson) {
		return this.enqueuer.enqueueScheduleNow(this.queues.forWork(queue), schedule, payloadJson);
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
		String json = this.enqueuer.payloadJson(q, payload);
		String id = JobIds.newId();
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

}
