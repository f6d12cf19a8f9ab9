package dev.jobqueue;

import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What an application calls to hand work to the queue and look jobs up: enqueue, batch
 * enqueue, enqueue-if-absent, a job and its result. Every method that talks to Redis
 * throws {@link JobQueueException} naming the operation, the queue and the server when
 * Redis fails; {@link IllegalArgumentException} reports a blank queue name or an invalid
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
	 * Enqueues one job of a recurring schedule now, outside its ticks, as an operator's
	 * trigger: the job carries the schedule's name and now as its
	 * {@code scheduled_at_ms}, and the schedule's last tick is left alone, so its regular
	 * ticks go on as before.
	 * @param queue the queue name
	 * @param schedule the schedule name, not blank
	 * @param payloadJson the payload as JSON text
	 * @return the new job's id
	 * @throws JobPayloadException if the payload is not valid JSON
	 */
	String enqueueScheduleNow(String queue, String schedule, String payloadJson);

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

}
