package dev.jobqueue;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The worker protocol that a worker container speaks with the queue: claim, complete,
 * fail, extend leases and hand jobs back. An SPI for containers, not something an
 * application calls. Every method that talks to Redis throws {@link JobQueueException}
 * naming the operation, the queue and the server when Redis fails;
 * {@link IllegalArgumentException} reports a blank queue name or an invalid argument by
 * name.
 */
public interface JobWorkerProtocol {

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
	 * Claims up to {@code max} pending jobs at once as {@link #claimAvailable} does and,
	 * when none is pending, waits up to the timeout for one as
	 * {@link #claim(String, Duration)} does: what a claimant with {@code max} free
	 * workers does, without a second look at an empty queue before it waits.
	 * @param queue the queue name
	 * @param max the most jobs to claim at once, at least 1
	 * @param timeout how long to wait when none is pending; at least 1 ms
	 * @return the jobs, oldest first; empty when none arrived in time
	 */
	default List<ClaimedJob> claim(String queue, int max, Duration timeout) {
		List<ClaimedJob> jobs = claimAvailable(queue, max);
		return jobs.isEmpty() ? claim(queue, timeout).map(List::of).orElse(List.of()) : jobs;
	}

	/**
	 * Claims up to {@code max} pending jobs at once without waiting, as
	 * {@link #claimAvailable} does, and says when to look again if a limit held jobs
	 * back. For a claimant that waits for {@link #watchArrivals wake-ups} instead of
	 * blocking. The default knows no limits.
	 * @param queue the queue name
	 * @param max the most jobs to claim, at least 1
	 * @return the jobs and when to look again
	 */
	default ClaimBatch claimBatch(String queue, int max) {
		return new ClaimBatch(claimAvailable(queue, max), null);
	}

	/**
	 * Calls a listener whenever a job may have become claimable on a queue: a write to
	 * its pending list by any client (any enqueue, a reference helper's LPUSH, a
	 * promotion, a retry, and also a claim), a job of another priority level or group, a
	 * resume, and once after the watch was re-established following a reconnect. Watching
	 * is on when this returns, so a claim made afterwards misses no arrival. The default
	 * cannot watch.
	 * @param queue the queue name
	 * @param listener what to run, on a connection's I/O thread; must be quick and must
	 * not call Redis
	 * @return a handle that stops watching, or null when arrivals cannot be watched here
	 * (not Lettuce, a Redis Cluster, Redis before 6, Redis unreachable): claim with
	 * {@link #claim(String, Duration)} then
	 */
	default @Nullable Runnable watchArrivals(String queue, Runnable listener) {
		return null;
	}

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
	 * Moves up to {@code max} due jobs from the delayed set to pending, atomically, so
	 * any number of processes may promote at once without duplicates or losses. A due id
	 * whose hash is gone, or whose expiry has passed, is failed for good instead.
	 * @param queue the queue name
	 * @param max the most jobs to move, at least 1
	 * @return what was moved, and when the next delayed job is due
	 */
	DelayedPromotion promoteDueJobs(String queue, int max);

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
	 * Records a running job's progress if the caller still holds its claim: fields
	 * {@code progress}, {@code progress_detail} and {@code progress_at_ms} on the job
	 * hash, and a message on the queue's progress channel. Callers throttle; every call
	 * is one round trip.
	 * @param job the claimed job
	 * @param percent the progress, 0 to 100
	 * @param detailJson a small JSON value describing the progress, or null for none
	 * @return true when recorded; false when the claim is no longer held (nothing
	 * changed)
	 * @throws IllegalArgumentException if the percent is outside 0 to 100
	 */
	boolean reportProgress(ClaimedJob job, int percent, @Nullable String detailJson);

	/**
	 * Listens for cancellations of running jobs of a queue, on the clients' one shared
	 * subscription: the listener gets the id of each job cancelled while it runs, on
	 * whichever instance. Waits (a few seconds at most) for Redis to confirm the
	 * subscription, so that the workers, started after this returns, hear a cancel of any
	 * job they claim; when Redis does not confirm in time the subscription is made in the
	 * background (and made again after a reconnect).
	 * @param queue the queue name
	 * @param jobIds gets the ids, on the subscription's dispatch thread; must be quick
	 * @return a handle that stops listening
	 */
	Runnable listenForCancellations(String queue, Consumer<String> jobIds);

	/**
	 * Returns the settings in force for a queue.
	 * @param queue the queue name
	 * @return the settings
	 */
	QueueSettings settings(String queue);

}
