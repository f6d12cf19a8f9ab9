package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link JobWorkerProtocol} on Redis: every step is one Lua flow. On the job path, the
 * claim flow moves jobs from pending to processing and hands them out with their payload
 * parsed once ({@link ClaimReplies}); complete, complete-and-claim and fail record an
 * attempt's outcome. A claim that waits for a job ({@link ClaimWaits}) runs the same
 * claim flow after each wait; lease extension and release are {@link JobLeaseFlows}.
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

	private final SharedQueueSettings sharedSettings;

	private final ClaimReplies replies;

	private final ClaimWaits waits;

	private final JobLeaseFlows leases;

	private final JobEventSubscriber events;

	private final CompletionGroups completions = new CompletionGroups();

	DefaultJobWorkerProtocol(ScriptRunner runner, QueueContexts queues, JobPayloadConverter converter,
			BlockingConnections blockingConnections, JobEventSubscriber events, ClaimWakeups wakeups,
			Supplier<@Nullable PendingKeyTracking> tracking) {
		this.events = events;
		this.runner = runner;
		this.queues = queues;
		this.converter = converter;
		this.sharedSettings = new SharedQueueSettings(runner.redis);
		this.replies = new ClaimReplies(converter, this);
		this.waits = new ClaimWaits(runner, blockingConnections, wakeups, tracking, this::claim);
		this.leases = new JobLeaseFlows(runner, queues);
	}

	@Override
	public List<ClaimedJob> claimAvailable(String queue, int max) {
		QueueContext q = this.queues.forWork(queue);
		Assert.isTrue(max > 0, () -> "max must be positive, was " + max);
		return claim(q, "", max).jobs();
	}

	@Override
	public Optional<ClaimedJob> claim(String queue, Duration timeout) {
		return claim(queue, 1, timeout).stream().findFirst();
	}

	@Override
	public List<ClaimedJob> claim(String queue, int max, Duration timeout) {
		QueueContext q = this.queues.forWork(queue);
		Assert.isTrue(max > 0, () -> "max must be positive, was " + max);
		Assert.isTrue(timeout != null && timeout.toMillis() > 0, () -> "timeout must be at least 1 ms, was " + timeout);
		return this.waits.claim(q, max, timeout);
	}

	@Override
	public ClaimBatch claimBatch(String queue, int max) {
		QueueContext q = this.queues.forWork(queue);
		Assert.isTrue(max > 0, () -> "max must be positive, was " + max);
		Claim claim = claim(q, "", max);
		return new ClaimBatch(claim.jobs(), ClaimWaits.retryAfter(claim.hold()));
	}

	@Override
	public @Nullable Runnable watchArrivals(String queue, Runnable listener) {
		QueueContext q = this.queues.forWork(queue);
		Assert.notNull(listener, "listener must not be null");
		return this.waits.watchArrivals(q, listener);
	}

	/** Runs the claim script for an id BLMOVE took; a test replays a lost reply. */
	List<ClaimedJob> claimMoved(String queue, String movedId) {
		return claim(this.queues.forWork(queue), movedId, 1).jobs();
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
		String hold = (reply.size() > 1 && reply.get(1) instanceof String text) ? text : "";
		return new Claim(this.replies.read(q.name, now, part(reply, 0)), hold, Long.parseLong(now));
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

	@Override
	public boolean complete(ClaimedJob job, @Nullable Object result) {
		return completeAndClaim(job, result, 0).completed();
	}

	@Override
	public CompleteAndClaimResult completeAndClaim(ClaimedJob job, @Nullable Object result, int max) {
		QueueContext q = this.queues.forWork(job.queue());
		Assert.isTrue(max >= 0, () -> "max must not be negative, was " + max);
		CompletionGroups.Call call = new CompletionGroups.Call(job, this.converter.write(result), max);
		return this.completions.run(q.name, call, (calls, claims) -> completeAndClaim(q, calls, claims));
	}

	/** Runs the complete-and-claim flow once for a group of calls of one queue. */
	private CompletionGroups.Outcome completeAndClaim(QueueContext q, List<CompletionGroups.Call> calls, int claims) {
		String now = this.runner.now();
		List<String> args = new ArrayList<>(13 + 3 * calls.size() + claims);
		args.add(now);
		args.add(q.ttlSeconds);
		args.add(q.historySize);
		args.add(q.keys.events());
		args.add(q.leaseMillis);
		args.add(String.valueOf(calls.size()));
		for (CompletionGroups.Call call : calls) {
			args.add(call.job().id());
			args.add(call.job().claimToken());
			args.add(call.json());
		}
		for (int i = 0; i < claims; i++) {
			args.add(JobIds.newId());
		}
		addFlowArguments(q, args);
		List<Object> reply = this.runner.run("complete and claim", q, this.runner.scripts.completeAndClaimJobs(),
				this.runner.counted(q, q.completeAndClaimKeys, now), args);
		List<Object> done = part(reply, 0);
		List<Boolean> completed = new ArrayList<>(calls.size());
		for (int i = 0; i < calls.size(); i++) {
			boolean ok = i < done.size() && ScriptRunner.toLong(done.get(i)) == 1;
			if (ok) {
				q.completed.increment();
			}
			completed.add(ok);
		}
		return new CompletionGroups.Outcome(completed, this.replies.read(q.name, now, part(reply, 1)));
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
		return this.leases.extend(jobs);
	}

	@Override
	public List<ClaimedJob> release(Collection<ClaimedJob> jobs) {
		return this.leases.release(jobs);
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
	record Claim(List<ClaimedJob> jobs, String hold, long at) {

	}

}
