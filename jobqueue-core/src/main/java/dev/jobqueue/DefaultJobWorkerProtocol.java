package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.LogFactory;

import org.jspecify.annotations.Nullable;

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

	private final ScriptRunner runner;

	private final QueueContexts queues;

	private final JobPayloadConverter converter;

	private final ClaimReplies replies;

	private final JobClaimer claimer;

	private final JobEventSubscriber events;

	private final ClaimWakeups wakeups;

	private final Supplier<@Nullable PendingKeyTracking> tracking;

	DefaultJobWorkerProtocol(ScriptRunner runner, QueueContexts queues, JobPayloadConverter converter,
			BlockingConnections blockingConnections, JobEventSubscriber events, ClaimWakeups wakeups,
			Supplier<@Nullable PendingKeyTracking> tracking) {
		this.events = events;
		this.wakeups = wakeups;
		this.tracking = tracking;
		this.runner = runner;
		this.queues = queues;
		this.converter = converter;
		this.replies = new ClaimReplies(converter, this);
		this.claimer = new JobClaimer(runner, blockingConnections, new SharedQueueSettings(runner.redis), this.replies,
				wakeups);
	}

	@Override
	public Optional<ClaimedJob> claim(String queue, Duration timeout) {
		QueueContext q = this.queues.forWork(queue);
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, () -> "timeout must be at least 1 ms, was " + timeout);
		return this.claimer.claim(q, timeout);
	}

	@Override
	public List<ClaimedJob> claimAvailable(String queue, int max) {
		QueueContext q = this.queues.forWork(queue);
		Assert.isTrue(max > 0, () -> "max must be positive, was " + max);
		return this.claimer.claim(q, "", max).jobs();
	}

	@Override
	public ClaimBatch claimBatch(String queue, int max) {
		QueueContext q = this.queues.forWork(queue);
		Assert.isTrue(max > 0, () -> "max must be positive, was " + max);
		JobClaimer.Claim claim = this.claimer.claim(q, "", max);
		return new ClaimBatch(claim.jobs(), retryAfter(claim.hold()));
	}

	/**
	 * When to look again after a claim's hold: never by itself when the queue is paused
	 * (a resume wakes the claimant), after the next permit of a rate limit, or shortly
	 * when a concurrency limit is reached (jobs finishing elsewhere free it).
	 */
	private static @Nullable Duration retryAfter(String hold) {
		if (hold.isEmpty() || "paused".equals(hold)) {
			return null;
		}
		if (!hold.isEmpty() && Character.isDigit(hold.charAt(0))) {
			try {
				return Duration.ofMillis(Math.max(1, Long.parseLong(hold)));
			}
			catch (NumberFormatException ex) {
				// fall through to the short wait
			}
		}
		return Duration.ofMillis(JobClaimer.BUSY_WAIT_MILLIS);
	}

	@Override
	public @Nullable Runnable watchArrivals(String queue, Runnable listener) {
		QueueContext q = this.queues.forWork(queue);
		Assert.notNull(listener, "listener must not be null");
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
				.info("Cannot watch the pending list of queue '" + queue + "' (" + ex.getMessage()
						+ "); its workers claim with blocking commands");
			return null;
		}
		return () -> {
			pending.run();
			ready.run();
		};
	}

	/**
	 * Runs the claim script for an id a blocking move took, as
	 * {@link #claim(String, Duration)} does after its BLMOVE; a test replays it as a
	 * client does after a lost reply.
	 */
	List<ClaimedJob> claimMoved(String queue, String movedId) {
		return this.claimer.claim(this.queues.forWork(queue), movedId, 1).jobs();
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
		JobClaimer.addFlowArguments(q, args);
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

}
