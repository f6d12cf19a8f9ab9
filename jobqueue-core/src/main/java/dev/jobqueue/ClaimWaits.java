package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisListCommands.Direction;

/**
 * The waits of a blocking claim ({@link JobWorkerProtocol#claim(String, Duration)}):
 * while nothing may be claimed, waits for a job with a blocking move on a dedicated
 * connection, or, while the queue is paused or at a limit, for a wake-up or the next
 * permit, until the claim's timeout. The claim itself is the claim flow of
 * {@link DefaultJobWorkerProtocol}, run again after each wait. In the shared claim mode,
 * a claimant does not wait here: it watches for arrivals and claims with
 * {@link JobWorkerProtocol#claimBatch(String, int)}, looking again after its
 * {@link ClaimBatch#retryAfter()}.
 */
final class ClaimWaits {

	/**
	 * How long a claim waits before it looks again when the queue's concurrency limit is
	 * reached, or every group with jobs is at its limit.
	 */
	static final long BUSY_WAIT_MILLIS = 100;

	private static final long MIN_BLOCK_MILLIS = 100;

	private final ScriptRunner runner;

	private final BlockingConnections blockingConnections;

	private final ClaimWakeups wakeups;

	private final Supplier<@Nullable PendingKeyTracking> tracking;

	private final ClaimFlow flow;

	ClaimWaits(ScriptRunner runner, BlockingConnections blockingConnections, ClaimWakeups wakeups,
			Supplier<@Nullable PendingKeyTracking> tracking, ClaimFlow flow) {
		this.runner = runner;
		this.blockingConnections = blockingConnections;
		this.wakeups = wakeups;
		this.tracking = tracking;
		this.flow = flow;
	}

	/**
	 * Claims up to {@code max} jobs at once, or when none is pending waits up to the
	 * timeout for one that may start.
	 * @return the jobs, or empty when none could be claimed in time
	 */
	List<ClaimedJob> claim(QueueContext q, int max, Duration timeout) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout.toMillis());
		while (true) {
			long seen = this.wakeups.sequence(q);
			DefaultJobWorkerProtocol.Claim claim = this.flow.claim(q, "", max);
			if (!claim.jobs().isEmpty()) {
				return claim.jobs();
			}
			long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (!claim.hold().isEmpty()) {
				// paused, or at a limit: nothing may start, so wait (no BLMOVE, which
				// would return at once while jobs wait) until the next permit, a wake-up
				// or the timeout, and look again
				if (remaining <= 0) {
					return List.of();
				}
				// a rate limit's wait counts from the clock the claim sent, not from its
				// reply: a permit is taken again as soon as it is due, not a round trip
				// later, and the lost time does not add up period after period
				long wait = holdMillis(claim.hold(), remaining)
						- (isRateWait(claim.hold()) ? Math.max(0, this.runner.millis() - claim.at()) : 0);
				if (wait > 0) {
					this.wakeups.await(q, seen, Math.min(remaining, wait));
				}
				continue;
			}
			String id;
			try {
				id = blockingMove(q, seen, Math.max(remaining, MIN_BLOCK_MILLIS));
			}
			catch (JobQueueFullException ex) {
				// BLMOVE may grow memory, so Redis refuses it at maxmemory while the
				// non-blocking claim above still works: poll with that until the deadline
				pause(Math.min(Math.max(remaining, 1), MIN_BLOCK_MILLIS));
				if (System.nanoTime() - deadline >= 0) {
					return List.of();
				}
				continue;
			}
			if (id != null) {
				List<ClaimedJob> jobs = this.flow.claim(q, id, 1).jobs();
				if (!jobs.isEmpty()) {
					return jobs;
				}
			}
			// a wake-up (a job of another level or group, a resume) or a claim lost to
			// flow control: look again until the deadline
			if (System.nanoTime() - deadline >= 0 || (id == null && this.wakeups.sequence(q) == seen)) {
				return List.of();
			}
		}
	}

	/**
	 * How long to wait for a claim's hold: until the next permit of the rate limit, a
	 * short while when a concurrency limit is reached, the rest of the timeout while the
	 * queue is paused (a resume wakes the claim).
	 */
	private static long holdMillis(String hold, long remaining) {
		Duration retryAfter = retryAfter(hold);
		return (retryAfter != null) ? retryAfter.toMillis() : remaining;
	}

	private static boolean isRateWait(String hold) {
		return !hold.isEmpty() && Character.isDigit(hold.charAt(0));
	}

	/**
	 * When to look again after a claim's hold: never by itself when the queue is paused
	 * (a resume wakes the claimant), after the next permit of a rate limit, or shortly
	 * when a concurrency limit is reached (jobs finishing elsewhere free it).
	 */
	static @Nullable Duration retryAfter(String hold) {
		if (hold.isEmpty() || "paused".equals(hold)) {
			return null;
		}
		if (isRateWait(hold)) {
			try {
				return Duration.ofMillis(Math.max(1, Long.parseLong(hold)));
			}
			catch (NumberFormatException ex) {
				// fall through to the short wait
			}
		}
		return Duration.ofMillis(BUSY_WAIT_MILLIS);
	}

	/**
	 * Watches a queue for arrivals in the shared claim mode: writes to its pending list
	 * and its wake-ups (a resume, a job of another level or group).
	 * @return what stops the watch, or null when the queue cannot be watched (its workers
	 * then claim with blocking commands)
	 */
	@Nullable Runnable watchArrivals(QueueContext q, Runnable listener) {
		PendingKeyTracking keys = this.tracking.get();
		if (keys == null) {
			return null;
		}
		Runnable ready = this.wakeups.listen(q, listener);
		if (ready == null) {
			return null;
		}
		Runnable pending;
		try {
			pending = keys.watch(q.keys.pending(), listener);
		}
		catch (RuntimeException ex) {
			ready.run();
			LogFactory.getLog(DefaultJobWorkerProtocol.class)
				.info("Cannot watch the pending list of queue '" + q.name + "' (" + ex.getMessage()
						+ "); its workers claim with blocking commands");
			return null;
		}
		return () -> {
			pending.run();
			ready.run();
		};
	}

	private @Nullable String blockingMove(QueueContext q, long seen, long timeoutMillis) {
		try {
			byte[] id = this.blockingConnections.execute((connection) -> this.wakeups.blocking(q, seen, connection,
					timeoutMillis, (millis) -> connection.listCommands()
						.bLMove(q.pendingBytes, q.processingBytes, Direction.RIGHT, Direction.LEFT, millis / 1000.0)));
			return (id != null) ? new String(id, StandardCharsets.UTF_8) : null;
		}
		catch (DataAccessException ex) {
			throw this.runner.failure("claim", q.name, ex);
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobQueueException("Interrupted while waiting for Redis to have memory for a blocking claim", ex);
		}
	}

	/**
	 * The claim flow, run once without waiting.
	 */
	@FunctionalInterface
	interface ClaimFlow {

		/**
		 * Runs the claim flow once.
		 * @param q the queue
		 * @param movedId the id a blocking move put in processing, or {@code ""}
		 * @param max how many jobs to claim at most
		 * @return what the flow returned
		 */
		DefaultJobWorkerProtocol.Claim claim(QueueContext q, String movedId, int max);

	}

}
