package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisListCommands.Direction;

/**
 * The claims of {@link DefaultJobWorkerProtocol}: runs the claim flow and, while nothing
 * may be claimed, waits for a job with a blocking move on a dedicated connection, or,
 * while the queue is paused or at a limit, for a wake-up or the next permit, until the
 * claim's timeout.
 */
final class JobClaimer {

	/**
	 * How long a claim waits before it looks again when the queue's concurrency limit is
	 * reached, or every group with jobs is at its limit.
	 */
	static final long BUSY_WAIT_MILLIS = 100;

	private static final long MIN_BLOCK_MILLIS = 100;

	private final ScriptRunner runner;

	private final BlockingConnections blockingConnections;

	private final SharedQueueSettings sharedSettings;

	private final ClaimReplies replies;

	private final ClaimWakeups wakeups;

	JobClaimer(ScriptRunner runner, BlockingConnections blockingConnections, SharedQueueSettings sharedSettings,
			ClaimReplies replies, ClaimWakeups wakeups) {
		this.runner = runner;
		this.blockingConnections = blockingConnections;
		this.sharedSettings = sharedSettings;
		this.replies = replies;
		this.wakeups = wakeups;
	}

	/**
	 * Claims one job, waiting up to the timeout for one that may start.
	 * @return the job, or empty when none could be claimed in time
	 */
	Optional<ClaimedJob> claim(QueueContext q, Duration timeout) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout.toMillis());
		while (true) {
			long seen = this.wakeups.sequence(q);
			Claim claim = claim(q, "", 1);
			if (!claim.jobs().isEmpty()) {
				return Optional.of(claim.jobs().get(0));
			}
			long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (!claim.hold().isEmpty()) {
				// paused, or at a limit: nothing may start, so wait (no BLMOVE, which
				// would return at once while jobs wait) until the next permit, a wake-up
				// or the timeout, and look again
				if (remaining <= 0) {
					return Optional.empty();
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
					return Optional.empty();
				}
				continue;
			}
			if (id != null) {
				List<ClaimedJob> jobs = claim(q, id, 1).jobs();
				if (!jobs.isEmpty()) {
					return Optional.of(jobs.get(0));
				}
			}
			// a wake-up (a job of another level or group, a resume) or a claim lost to
			// flow control: look again until the deadline
			if (System.nanoTime() - deadline >= 0 || (id == null && this.wakeups.sequence(q) == seen)) {
				return Optional.empty();
			}
		}
	}

	/**
	 * How long to wait for a claim's hold: until the next permit of the rate limit, a
	 * short while when a concurrency limit is reached, the rest of the timeout while the
	 * queue is paused (a resume wakes the claim).
	 */
	private static long holdMillis(String hold, long remaining) {
		if ("paused".equals(hold)) {
			return remaining;
		}
		if ("busy".equals(hold)) {
			return BUSY_WAIT_MILLIS;
		}
		try {
			return Math.max(1, Long.parseLong(hold));
		}
		catch (NumberFormatException ex) {
			return BUSY_WAIT_MILLIS;
		}
	}

	private static boolean isRateWait(String hold) {
		return !hold.isEmpty() && Character.isDigit(hold.charAt(0));
	}

	/**
	 * Runs the claim flow once, without waiting.
	 * @param movedId the id a blocking move put in processing, or {@code ""}
	 * @param max how many jobs to claim at most
	 */
	Claim claim(QueueContext q, String movedId, int max) {
		this.sharedSettings.checkOnce(q.settings);
		String now = this.runner.now();
		List<String> args = new ArrayList<>(6 + max);
		args.add(now);
		args.add(movedId);
		args.add(q.ttlSeconds);
		args.add(q.historySize);
		args.add(q.keys.events());
		args.add(q.leaseMillis);
		for (int i = 0; i < max; i++) {
			args.add(JobIds.newId());
		}
		addFlowArguments(q, args);
		List<Object> reply = this.runner.run("claim", q, this.runner.scripts.claimJobs(),
				this.runner.counted(q, q.claimKeys, now), args);
		return new Claim(this.replies.read(q.name, now, part(reply, 0)), hold(reply, 1), Long.parseLong(now));
	}

	/**
	 * Appends the flow arguments every claim flow ends with (see
	 * {@code lua/includes/flow.lua}).
	 */
	static void addFlowArguments(QueueContext q, List<String> args) {
		List<String> flow = q.flowArguments;
		args.add(flow.get(0));
		args.add(flow.get(1));
		args.add(String.valueOf(ThreadLocalRandom.current().nextDouble()));
		args.addAll(flow.subList(2, flow.size()));
	}

	@SuppressWarnings("unchecked")
	private static List<Object> part(List<Object> reply, int index) {
		return (reply.size() > index && reply.get(index) instanceof List<?> list) ? (List<Object>) list : List.of();
	}

	private static String hold(List<Object> reply, int index) {
		return (reply.size() > index && reply.get(index) instanceof String hold) ? hold : "";
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
	 * What one claim flow returned.
	 *
	 * @param jobs the jobs claimed
	 * @param hold why it stopped early: {@code ""} when no job waits (or it claimed as
	 * many as asked), {@code paused}, {@code busy} (a concurrency limit) or the
	 * milliseconds until the rate limit's next permit
	 * @param at the claimant's clock the claim was sent with, epoch milliseconds
	 */
	record Claim(List<ClaimedJob> jobs, String hold, long at) {

	}

}
