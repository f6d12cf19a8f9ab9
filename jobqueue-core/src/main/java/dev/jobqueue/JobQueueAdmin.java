package dev.jobqueue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an operator or a dashboard calls: statistics, counters, listing, retry, delete,
 * purge and the stale-job sweep. Every method that talks to Redis throws
 * {@link JobQueueException} naming the operation, the queue and the server when Redis
 * fails; {@link IllegalArgumentException} reports a blank queue name or an invalid
 * argument by name.
 */
public interface JobQueueAdmin {

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
	 * Lists the ids in one of a queue's lists: pending oldest first, delayed soonest
	 * first, the others newest first.
	 * @param queue the queue name
	 * @param state which list
	 * @param limit the most ids to return, at least 1
	 * @return the ids
	 */
	List<String> listJobIds(String queue, JobState state, int limit);

	/**
	 * Lists the jobs in one of a queue's lists with their stored fields, in one round
	 * trip whatever the limit: pending oldest first, the others newest first.
	 * @param queue the queue name
	 * @param state which list
	 * @param limit the most jobs to return, at least 1
	 * @return the jobs; one whose hash expired while its id is still listed has the
	 * status {@code unknown} and no fields
	 */
	List<JobRecord> listJobs(String queue, JobState state, int limit);

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
	 * Sends up to {@code max} jobs that failed for good back to pending, oldest failure
	 * first, each as {@link #retry} does, in one short script; ids in the failed list
	 * whose hash expired are dropped from it. Call again while the failed list is not
	 * empty to retry them all without blocking Redis.
	 * @param queue the queue name
	 * @param max the most ids to take from the failed list, at least 1
	 * @return how many jobs went back to pending
	 */
	long retryFailed(String queue, int max);

	/**
	 * Deletes one job: its hash and its id in every list of the queue. A worker still
	 * running it can then neither complete nor fail it.
	 * @param queue the queue name
	 * @param id the job id
	 * @return true when something was deleted; false when the job did not exist
	 */
	boolean delete(String queue, String id);

	/**
	 * Moves one delayed job (or a retry waiting for its backoff) to pending at once, as
	 * an operator's action.
	 * @param queue the queue name
	 * @param id the job id
	 * @return true when the job moved; false when it is not delayed or its hash is gone
	 */
	boolean runNow(String queue, String id);

	/**
	 * Reads the last tick a recurring schedule enqueued, by any process.
	 * @param queue the queue name
	 * @param schedule the schedule name, not blank
	 * @return the tick, or empty when the schedule never enqueued a job
	 */
	Optional<Instant> lastScheduleTick(String queue, String schedule);

	/**
	 * Deletes a queue: its four lists, its delayed set and every job hash (the name is
	 * glob-escaped for the scan). This process's counters for the queue keep their
	 * values, so the meters built on them never go backwards.
	 * @param queue the queue name
	 * @return the number of keys deleted
	 */
	long purge(String queue);

	/**
	 * Sweeps a queue's processing list with the reference's stale rule.
	 * @param queue the queue name
	 * @return what the sweep did
	 */
	ReclaimResult reclaimStuck(String queue);

	/**
	 * Pauses a queue for every instance: the state is in Redis ({@code queue:Q:settings}
	 * field {@code paused}) and the claim flow reads it, so jobqueue workers everywhere
	 * stop claiming within one claim timeout; running jobs finish and enqueues go on.
	 * Reference workers do not know the state and keep claiming. A purge of the queue
	 * also resumes it.
	 * @param queue the queue name
	 */
	void pause(String queue);

	/**
	 * Resumes a paused queue for every instance and wakes the claims waiting on it.
	 * @param queue the queue name
	 */
	void resume(String queue);

	/**
	 * Returns whether a queue is paused.
	 * @param queue the queue name
	 * @return true while paused
	 */
	boolean isPaused(String queue);

	/**
	 * Reads a queue's flow state: paused, depth of each priority level, waiting groups.
	 * @param queue the queue name
	 * @return the state
	 */
	FlowStatus flowStatus(String queue);

	/**
	 * Returns the settings in force for a queue.
	 * @param queue the queue name
	 * @return the settings
	 */
	QueueSettings settings(String queue);

}
