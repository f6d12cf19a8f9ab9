package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisListCommands.Direction;
import org.springframework.util.Assert;

/**
 * {@link JobWorkerProtocol} on Redis: every step is one Lua flow, and blocking claims
 * reuse a few dedicated connections instead of opening one per claim.
 */
final class DefaultJobWorkerProtocol implements JobWorkerProtocol {

	/**
	 * How long starting a queue's workers waits for Redis to confirm the subscription to
	 * the queue's cancel channel before it subscribes in the background instead.
	 */
	private static final Duration CANCEL_SUBSCRIBE_WAIT = Duration.ofSeconds(5);

	private static final int MAX_ERROR_CHARS = 8192;

	private static final long MIN_BLOCK_MILLIS = 100;

	/**
	 * How long a claim waits before it looks again when the queue's concurrency limit is
	 * reached, or every group with jobs is at its limit.
	 */
	static final long BUSY_WAIT_MILLIS = 100;

	private final ScriptRunner runner;

	private final QueueContexts queues;

	private final JobPayloadConverter converter;

	private final BlockingConnections blockingConnections;

	private final SharedQueueSettings sharedSettings;

	private final ClaimReplies replies;

	private final ClaimWakeups wakeups;

	private final JobEventSubscriber events;

	DefaultJobWorkerProtocol(ScriptRunner runner, QueueContexts queues, JobPayloadConverter converter,
			BlockingConnections blockingConnections, JobEventSubscriber events, ClaimWakeups wakeups) {
		this.wakeups = wakeups;
		this.events = events;
		this.runner = runner;
		this.queues = queues;
		this.converter = converter;
		this.blockingConnections = blockingConnections;
		this.sharedSettings = new SharedQueueSettings(runner.redis);
		this.replies = new ClaimReplies(converter, this);
	}

	@Override
	public Optional<ClaimedJob> claim(String queue, Duration timeout) {
		QueueContext q = this.queues.forWork(queue);
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, () -> "timeout must be at least 1 ms, was " + timeout);
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
				// would
				// return at once while jobs wait) until the next permit, a wake-up or the
				// timeout, and look again
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

	@Override
	public List<ClaimedJob> claimAvailable(String queue, int max) {
		QueueContext q = this.queues.forWork(queue);
		Assert.isTrue(max > 0, () -> "max must be positive, was " + max);
		return claim(q, "", max).jobs();
	}

	/**
	 * Runs the claim script for an id a blocking move took, as
	 * {@link #claim(String, Duration)} does after its BLMOVE; a test replays it as a
	 * client does after a lost reply.
	 */
	List<ClaimedJob> claimMoved(String queue, String movedId) {
		return claim(this.queues.forWork(queue), movedId, 1).jobs();
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

	private Claim claim(QueueContext q, String movedId, int max) {
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
	private static void addFlowArguments(QueueContext q, List<String> args) {
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

	@Override
	public boolean complete(ClaimedJob job, @Nullable Object result) {
		QueueContext q = this.queues.forWork(job.queue());
		String json = this.converter.write(result);
		String now = this.runner.now();
		Long done = this.runner.run("complete", q, this.runner.scripts.completeJob(),
				this.runner.counted(q, q.completeKeys, now), List.of(job.id(), job.claimToken(),
						JobState.COMPLETED.value(), now, json, q.ttlSeconds, q.historySize, q.keys.events()));
		if (done == 1) {
			q.completed.increment();
			return true;
		}
		return false;
	}

	@Override
	@SuppressWarnings("unchecked")
	public CompleteAndClaimResult completeAndClaim(ClaimedJob job, @Nullable Object result, int max) {
		QueueContext q = this.queues.forWork(job.queue());
		Assert.isTrue(max >= 0, () -> "max must not be negative, was " + max);
		String json = this.converter.write(result);
		String now = this.runner.now();
		List<String> args = new ArrayList<>(8 + max);
		args.add(now);
		args.add(q.ttlSeconds);
		args.add(q.historySize);
		args.add(q.keys.events());
		args.add(q.leaseMillis);
		args.add("1");
		args.add(job.id());
		args.add(job.claimToken());
		args.add(json);
		for (int i = 0; i < max; i++) {
			args.add(JobIds.newId());
		}
		addFlowArguments(q, args);
		List<Object> reply = this.runner.run("complete and claim", q, this.runner.scripts.completeAndClaimJobs(),
				this.runner.counted(q, q.completeAndClaimKeys, now), args);
		List<Object> done = (!reply.isEmpty()) ? (List<Object>) reply.get(0) : List.of();
		boolean completed = !done.isEmpty() && ScriptRunner.toLong(done.get(0)) == 1;
		if (completed) {
			q.completed.increment();
		}
		List<Object> claimed = (reply.size() > 1) ? (List<Object>) reply.get(1) : List.of();
		return new CompleteAndClaimResult(completed, this.replies.read(q.name, now, claimed));
	}

	@Override
	public FailOutcome fail(ClaimedJob job, String error) {
		return fail(job, error, true);
	}

	@Override
	public FailOutcome fail(ClaimedJob job, String error, boolean retryable) {
		return fail(job, error, retryable, Duration.ZERO);
	}

	@Override
	public FailOutcome fail(ClaimedJob job, String error, boolean retryable, Duration retryDelay) {
		QueueContext q = this.queues.forWork(job.queue());
		Assert.notNull(error, "error must not be null");
		Assert.isTrue(retryDelay != null && !retryDelay.isNegative(),
				() -> "retryDelay must not be negative, was " + retryDelay);
		String text = (error.length() > MAX_ERROR_CHARS) ? error.substring(0, MAX_ERROR_CHARS) : error;
		String now = this.runner.now();
		Long outcome = this.runner.run("fail", q, this.runner.scripts.failJob(),
				this.runner.counted(q, q.failKeys, now),
				List.of(job.id(), job.claimToken(), text, now, q.ttlSeconds, q.historySize, retryable ? "1" : "0",
						String.valueOf(q.settings.maxAttempts()), q.keys.events(),
						String.valueOf(retryDelay.toMillis()), q.keys.wake()));
		if (outcome == 1) {
			q.retried.increment();
			return FailOutcome.RETRIED;
		}
		if (outcome == 2) {
			q.failed.increment();
			return FailOutcome.FAILED;
		}
		return FailOutcome.REJECTED;
	}

	@Override
	@SuppressWarnings("unchecked")
	public DelayedPromotion promoteDueJobs(String queue, int max) {
		QueueContext q = this.queues.forWork(queue);
		Assert.isTrue(max > 0, () -> "max must be positive, was " + max);
		List<Object> reply = this.runner.run("promote delayed", q, this.runner.scripts.promoteDelayedJobs(),
				q.promoteKeys,
				List.of(this.runner.now(), String.valueOf(max), q.ttlSeconds, q.historySize, q.keys.events()));
		List<String> missing = (List<String>) reply.get(1);
		List<String> expired = (List<String>) reply.get(2);
		q.failed.add(missing.size() + expired.size());
		String soonest = (String) reply.get(3);
		Instant nextDue = soonest.isEmpty() ? null : Instant.ofEpochMilli((long) Double.parseDouble(soonest));
		return new DelayedPromotion(q.name, (int) ScriptRunner.toLong(reply.get(0)), missing, expired, nextDue);
	}

	@Override
	public List<ClaimedJob> extendLeases(Collection<ClaimedJob> jobs) {
		return tokenChecked("extend lease", jobs, true);
	}

	@Override
	public List<ClaimedJob> release(Collection<ClaimedJob> jobs) {
		return tokenChecked("release", jobs, false);
	}

	/**
	 * Runs the lease or the release flow on jobs of one queue.
	 * @return for a lease, the jobs whose claim is lost; for a release, the jobs released
	 */
	private List<ClaimedJob> tokenChecked(String operation, Collection<ClaimedJob> jobs, boolean lease) {
		if (jobs.isEmpty()) {
			return List.of();
		}
		List<ClaimedJob> list = List.copyOf(jobs);
		QueueContext q = this.queues.forWork(list.get(0).queue());
		List<String> args = new ArrayList<>(2 + 2 * list.size());
		if (lease) {
			args.add(this.runner.now());
			args.add(q.leaseMillis);
		}
		for (ClaimedJob job : list) {
			Assert.isTrue(job.queue().equals(q.name), "jobs must all belong to one queue");
			args.add(job.id());
			args.add(job.claimToken());
		}
		List<Object> flags = lease
				? this.runner.run(operation, q, this.runner.scripts.extendLeases(), q.extendKeys, args)
				: this.runner.run(operation, q, this.runner.scripts.releaseJobs(), q.releaseKeys, args);
		List<ClaimedJob> selected = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			boolean held = i < flags.size() && ScriptRunner.toLong(flags.get(i)) == 1;
			// a lease reports the jobs it could not extend, a release the jobs it
			// released
			if (held != lease) {
				selected.add(list.get(i));
			}
		}
		return selected;
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

	@Override
	public boolean reportProgress(ClaimedJob job, int percent, @Nullable String detailJson) {
		QueueContext q = this.queues.forWork(job.queue());
		Assert.isTrue(percent >= 0 && percent <= 100, () -> "percent must be from 0 to 100, was " + percent);
		return this.runner.run("report progress", q, this.runner.scripts.reportProgress(), q.progressKeys,
				List.of(job.id(), job.claimToken(), String.valueOf(percent), (detailJson != null) ? detailJson : "",
						this.runner.now(), q.keys.progressChannel())) == 1;
	}

	@Override
	public Runnable listenForCancellations(String queue, Consumer<String> jobIds) {
		QueueContext q = this.queues.forWork(queue);
		Assert.notNull(jobIds, "jobIds must not be null");
		Consumer<byte[]> listener = (body) -> jobIds.accept(new String(body, StandardCharsets.UTF_8));
		try {
			// confirmed before the workers claim, so a cancel right after a claim reaches
			// its worker
			return this.events.subscribe(q.keys.cancelChannel(), listener, () -> {
			}, CANCEL_SUBSCRIBE_WAIT);
		}
		catch (JobQueueException ex) {
			// Redis unreachable at start: subscribe in the background, as the claims
			// retry
			return this.events.listen(q.keys.cancelChannel(), listener, () -> {
			});
		}
	}

	@Override
	public QueueSettings settings(String queue) {
		return this.queues.forWork(queue).settings;
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
	private record Claim(List<ClaimedJob> jobs, String hold, long at) {

	}

}
