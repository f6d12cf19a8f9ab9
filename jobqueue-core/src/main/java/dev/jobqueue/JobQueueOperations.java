package dev.jobqueue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What an application calls to hand work to the queue and look jobs up: enqueue, batch
 * enqueue, enqueue-if-absent and other deduplication modes, a job and its result, waiting
 * for a result, and cancelling a job. Every method that talks to Redis throws
 * {@link JobQueueException} naming the operation, the queue and the server when Redis
 * fails; {@link IllegalArgumentException} reports a blank queue name or an invalid
 * argument by name.
 */
public interface JobQueueOperations {

	/**
	 * Enqueues one job: writes its hash and pushes its id to the left of pending,
	 * atomically.
	 * @param queue the queue name
	 * @param payload the payload, written as JSON
	 * @return the new job's id, 16 lower-case hex characters
	 * @throws JobPayloadException if the payload cannot be serialized or is over the size
	 * limit; nothing is written then
	 */
	String enqueue(String queue, @Nullable Object payload);

	/**
	 * Enqueues many jobs in one round trip per 1000 jobs, each group atomically. All
	 * payloads are serialized first, so an unserializable one means nothing is written.
	 * @param queue the queue name
	 * @param payloads the payloads, in the order they should run
	 * @return the new ids, in the order of the payloads; empty for no payloads
	 * @throws JobPayloadException if any payload cannot be serialized or is over the size
	 * limit
	 */
	List<String> enqueueAll(String queue, Collection<?> payloads);

	/**
	 * Enqueues a job with an id of the caller's choosing unless a job with that id still
	 * exists, which makes enqueue idempotent (a producer that retries does not create a
	 * duplicate).
	 * @param queue the queue name
	 * @param jobId the id, not blank
	 * @param payload the payload
	 * @return true when enqueued, false when a job with this id already exists
	 */
	boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload);

	/**
	 * Enqueues one job with options. A job due later waits in the queue's delayed set
	 * until a promoter moves it to pending at its due time; a job due now or in the past
	 * goes to pending at once. With {@link JobOptions#none()} this is {@link #enqueue}.
	 * @param queue the queue name
	 * @param payload the payload, written as JSON
	 * @param options the options
	 * @return the new job's id
	 * @throws JobPayloadException if the payload cannot be serialized or is over the size
	 * limit; nothing is written then
	 */
	String enqueue(String queue, @Nullable Object payload, JobOptions options);

	/**
	 * Enqueues many jobs with the same options, in one round trip per 1000 jobs, each
	 * group atomically.
	 * @param queue the queue name
	 * @param payloads the payloads
	 * @param options the options of every job
	 * @return the new ids, in the order of the payloads; empty for no payloads
	 * @throws JobPayloadException if any payload cannot be serialized or is over the size
	 * limit
	 */
	List<String> enqueueAll(String queue, Collection<?> payloads, JobOptions options);

	/**
	 * Enqueues a job with options and an id of the caller's choosing unless a job with
	 * that id still exists.
	 * @param queue the queue name
	 * @param jobId the id, not blank
	 * @param payload the payload
	 * @param options the options
	 * @return true when enqueued, false when a job with this id already exists
	 */
	boolean enqueueIfAbsent(String queue, String jobId, @Nullable Object payload, JobOptions options);

	/**
	 * Enqueues the job of one tick of a recurring schedule unless this tick or a later
	 * one of the same schedule was already enqueued, by any process: the schedule's hash
	 * in Redis keeps its last tick, so each tick becomes exactly one job.
	 * @param queue the queue name
	 * @param schedule the schedule name, not blank
	 * @param tick the tick's scheduled time, stored in the job's {@code scheduled_at_ms}
	 * @param payloadJson the payload as JSON text
	 * @return true when enqueued, false when the tick was already enqueued
	 * @throws JobPayloadException if the payload is not valid JSON
	 */
	boolean enqueueScheduleTick(String queue, String schedule, Instant tick, String payloadJson);

	/**
	 * Looks up a job by id.
	 * @param queue the queue name
	 * @param id the job id
	 * @return the job, or empty when its hash does not exist (never enqueued, or expired)
	 */
	Optional<JobRecord> getJob(String queue, String id);

	/**
	 * Reads the stored result of a completed job into a type.
	 * @param <T> the result type
	 * @param job a job from {@link #getJob}
	 * @param type the type to read the result JSON into
	 * @return the result, or empty when the job has no result (yet) or it is JSON null
	 * @throws JobPayloadException if the result does not fit the type
	 */
	<T> Optional<T> getResult(JobRecord job, Type type);

	/**
	 * Enqueues one job and waits for its result without polling: the wait subscribes to
	 * the queue's events before the job is written, so a completion by any instance
	 * cannot be missed. All waits of the application share one subscription.
	 * @param <T> the result type
	 * @param queue the queue name
	 * @param payload the payload, written as JSON
	 * @param resultType the type to read the job's result into
	 * @param timeout how long to wait, at least 1 ms; the wait then ends with a
	 * {@link java.util.concurrent.TimeoutException} and the job goes on
	 * @return the result to come, carrying the job's id; see {@link JobResultFuture} for
	 * how it completes
	 * @throws JobPayloadException if the payload cannot be serialized or is over the size
	 * limit; nothing is written then
	 */
	<T> JobResultFuture<T> enqueueAndWait(String queue, @Nullable Object payload, Class<T> resultType,
			Duration timeout);

	/**
	 * Enqueues one job with options (a delay, an expiry, a timeout) and waits for its
	 * result, as {@link #enqueueAndWait(String, Object, Class, Duration)} does.
	 * @param <T> the result type
	 * @param queue the queue name
	 * @param payload the payload, written as JSON
	 * @param options the options
	 * @param resultType the type to read the job's result into, which may be generic
	 * @param timeout how long to wait, at least 1 ms
	 * @return the result to come
	 * @throws JobPayloadException if the payload cannot be serialized or is over the size
	 * limit
	 */
	<T> JobResultFuture<T> enqueueAndWait(String queue, @Nullable Object payload, JobOptions options, Type resultType,
			Duration timeout);

	/**
	 * Waits for the result of an existing job, enqueued by anyone: subscribes, then reads
	 * the job once, so a job that finished before the call completes the future at once;
	 * an unknown id (never enqueued, or finished and expired) completes it at once with
	 * {@link NoSuchJobException}.
	 * @param <T> the result type
	 * @param queue the queue name
	 * @param id the job id
	 * @param resultType the type to read the job's result into
	 * @param timeout how long to wait, at least 1 ms
	 * @return the result to come
	 */
	<T> JobResultFuture<T> awaitJob(String queue, String id, Class<T> resultType, Duration timeout);

	/**
	 * Waits for the result of an existing job, as
	 * {@link #awaitJob(String, String, Class, Duration)} does, into a generic type.
	 * @param <T> the result type
	 * @param queue the queue name
	 * @param id the job id
	 * @param resultType the type to read the job's result into
	 * @param timeout how long to wait, at least 1 ms
	 * @return the result to come
	 */
	<T> JobResultFuture<T> awaitJob(String queue, String id, Type resultType, Duration timeout);

	/**
	 * Cancels a job: a pending or delayed one is removed atomically and never runs; a
	 * running one is recorded as cancelled at once (its worker's late completion is
	 * rejected) and its worker is told. The job ends with status {@code cancelled} in the
	 * queue's cancelled list, kept for the finished-job TTL, and a {@code cancelled}
	 * event completes waits on it with {@link JobCancelledException}.
	 * @param queue the queue name
	 * @param id the job id
	 * @return what happened; a finished or unknown job is left alone and says so
	 */
	JobCancellation cancel(String queue, String id);

	/**
	 * Cancels a job, as {@link #cancel(String, String)} does, storing a reason in its
	 * {@code last_error}.
	 * @param queue the queue name
	 * @param id the job id
	 * @param reason the reason, not blank (longer texts are cut to 8 KiB)
	 * @return what happened
	 */
	JobCancellation cancel(String queue, String id, String reason);

	/**
	 * Enqueues a job with an id of the caller's choosing under a deduplication mode:
	 * replace the payload of a job that has not started, debounce, or refuse the id for a
	 * window after its job finished. See {@link Deduplication} for each mode's rules.
	 * @param queue the queue name
	 * @param jobId the id, not blank
	 * @param payload the payload
	 * @param deduplication the mode
	 * @return whether a job was enqueued, an existing one updated, or nothing done
	 * @throws JobPayloadException if the payload cannot be serialized or is over the size
	 * limit; nothing is written then
	 */
	Deduplication.Outcome enqueue(String queue, String jobId, @Nullable Object payload, Deduplication deduplication);

}
