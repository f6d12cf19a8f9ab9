package dev.jobqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The operations of the reference job queue on any number of named queues. Every method
 * that talks to Redis throws {@link JobQueueException} naming the operation, the queue
 * and the server when Redis fails; {@link IllegalArgumentException} reports a blank queue
 * name or an invalid argument by name.
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
	 * Reads the last tick a recurring schedule enqueued, by any process.
	 * @param queue the queue name
	 * @param schedule the schedule name, not blank
	 * @return the tick, or empty when the schedule never enqueued a job
	 */
	Optional<Instant> lastScheduleTick(String queue, String schedule);

	/**
	 * Moves up to {@code max} due jobs from the delayed set to pending, atomically, so
	 * any number of processes may promote at once without duplicates or losses. A due id
	 * whose hash is gone, or whose expiry has passed, is failed for good instead.
	 * @param queue the queue name
	 * @param max the most jobs to move, at least 1
	 * @return what was moved, and when the next delayed job is due
	 */
	DelayedPromotion promoteDueJobs(String queue, int max);

	/**
	 * Moves one delayed job (or a retry waiting for its backoff) to pending at once, as
	 * an operator's action.
	 * @param queue the queue name
	 * @param id the job id
	 * @return true when the job moved; false when it is not delayed or its hash is gone
	 */
	boolean runNow(String queue, String id);

	/**
	 * Claims the oldest pending job, waiting up to the timeout for one to arrive. A claim
	 * moves the id to processing, writes a fresh token and {@code claimed_at_ms}, and
	 * adds one to {@code attempts}. An id whose hash is missing, or whose payload is not
	 * valid JSON, is failed for good with a clear {@code last_error} instead of being
	 * returned.
	 * @param queue the queue name
	 * @param timeout how long to wait; at least 1 ms (rounded up to the reference's 100
	 * ms floor when blocking)
	 * @return the job, or empty when none arrived in time
	 */
	Optional<ClaimedJob> claim(String queue, Duration timeout);

	/**
	 * Claims up to {@code max} pending jobs at once without waiting, in one round trip.
	 * @param queue the queue name
	 * @param max the most jobs to claim, at least 1
	 * @return the jobs, oldest first; empty when none is pending
	 */
	List<ClaimedJob> claimAvailable(String queue, int max);

	/**
	 * Completes a job the caller still holds: stores the result, moves the id to the
	 * completed history, sets the finished-job TTL and publishes a {@code completed}
	 * event.
	 * @param job the claimed job
	 * @param result the result, written as JSON (null is written as {@code null})
	 * @return true when completed; false when the claim is no longer held (nothing
	 * changed)
	 * @throws JobPayloadException if the result cannot be serialized; the job stays
	 * claimed
	 */
	boolean complete(ClaimedJob job, @Nullable Object result);

	/**
	 * Completes a job as {@link #complete} does and, in the same round trip, claims up to
	 * {@code max} pending jobs as {@link #claimAvailable} does: what a worker does
	 * between two jobs, in one call instead of two. The jobs are claimed whether or not
	 * the completion was accepted.
	 * @param job the claimed job
	 * @param result the result, written as JSON (null is written as {@code null})
	 * @param max the most jobs to claim; 0 only completes
	 * @return whether the job was completed, and the jobs claimed (oldest first, empty
	 * when none is pending)
	 * @throws JobPayloadException if the result cannot be serialized; nothing is changed
	 * then
	 */
	CompleteAndClaimResult completeAndClaim(ClaimedJob job, @Nullable Object result, int max);

	/**
	 * Fails a job the caller still holds, retrying it while attempts are left.
	 * @param job the claimed job
	 * @param error the error text stored in {@code last_error}
	 * @return what happened
	 */
	FailOutcome fail(ClaimedJob job, String error);

	/**
	 * Fails a job the caller still holds.
	 * @param job the claimed job
	 * @param error the error text stored in {@code last_error} (longer texts are cut to 8
	 * KiB)
	 * @param retryable whether another attempt may help; false fails the job for good at
	 * once
	 * @return what happened
	 */
	FailOutcome fail(ClaimedJob job, String error, boolean retryable);

	/**
	 * Fails a job the caller still holds; a retry waits in the delayed set for the given
	 * delay (backoff) instead of going straight back to pending.
	 * @param job the claimed job
	 * @param error the error text stored in {@code last_error} (longer texts are cut to 8
	 * KiB)
	 * @param retryable whether another attempt may help; false fails the job for good at
	 * once
	 * @param retryDelay how long a retry waits; zero retries at once, as the reference
	 * does
	 * @return what happened
	 * @throws IllegalArgumentException if the delay is negative
	 */
	FailOutcome fail(ClaimedJob job, String error, boolean retryable, Duration retryDelay);

	/**
	 * Extends the claims of running jobs so that no sweep returns them to pending: sets
	 * their {@code claimed_at_ms} to now where the token still matches.
	 * @param jobs claimed jobs of one queue
	 * @return the jobs whose claim is no longer held (they were reclaimed or finished)
	 */
	List<ClaimedJob> extendLeases(Collection<ClaimedJob> jobs);

	/**
	 * Hands claimed jobs back to pending without failing them, for a worker that stops
	 * before they finish: each goes to the oldest end of pending (it runs next) and gets
	 * back the attempt its claim used. Token-checked, so a job already reclaimed or
	 * finished is left alone.
	 * @param jobs claimed jobs of one queue
	 * @return the jobs that went back to pending; empty for no jobs
	 */
	List<ClaimedJob> release(Collection<ClaimedJob> jobs);

	/**
	 * Sends a job that failed for good back to pending with its attempts reset, as an
	 * operator's retry; its hash no longer expires.
	 * @param queue the queue name
	 * @param id the job id
	 * @return true when the job went back to pending; false when it does not exist or has
	 * not failed
	 */
	boolean retry(String queue, String id);

	/**
	 * Deletes one job: its hash and its id in every list of the queue. A worker still
	 * running it can then neither complete nor fail it.
	 * @param queue the queue name
	 * @param id the job id
	 * @return true when something was deleted; false when the job did not exist
	 */
	boolean delete(String queue, String id);

	/**
	 * Sweeps a queue's processing list with the reference's stale rule.
	 * @param queue the queue name
	 * @return what the sweep did
	 */
	ReclaimResult reclaimStuck(String queue);

	/**
	 * Reads the depths of a queue's lists and this process's counters.
	 * @param queue the queue name
	 * @return the statistics
	 */
	QueueStats stats(String queue);

	/**
	 * Reads this process's counters for a queue without talking to Redis.
	 * @param queue the queue name
	 * @return the counters, all zero for a queue this process has not used
	 */
	QueueCounters counters(String queue);

	/**
	 * Looks up a job by id.
	 * @param queue the queue name
	 * @param id the job id
	 * @return the job, or empty when its hash does not exist (never enqueued, or expired)
	 */
	Optional<JobRecord> getJob(String queue, String id);

	/**
	 * Lists the ids in one of a queue's lists: pending oldest first, delayed soonest
	 * first, the others newest first.
	 * @param queue the queue name
	 * @param state which list
	 * @param limit the most ids to return, at least 1
	 * @return the ids
	 */
	List<String> listJobIds(String queue, JobState state, int limit);

	/**
	 * Deletes a queue: its four lists, its delayed set and every job hash (the name is
	 * glob-escaped for the scan). Resets this process's counters for the queue.
	 * @param queue the queue name
	 * @return the number of keys deleted
	 */
	long purge(String queue);

	/**
	 * Returns the settings in force for a queue.
	 * @param queue the queue name
	 * @return the settings
	 */
	QueueSettings settings(String queue);

}
