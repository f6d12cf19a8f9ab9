package dev.jobqueue.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import dev.jobqueue.ClaimBatch;
import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The claims of one queue in {@link ClaimMode#SHARED} mode: no thread of its own waits
 * for jobs. A wake-up (a write to the queue's pending list, a job of another level or
 * group, a resume, a reconnect, a freed slot after a claim found no free slot) schedules
 * one claim task on the {@link SharedClaimThreads shared executor}; the task claims as
 * many jobs as there are free slots without blocking, hands them to workers, and parks
 * the queue again when the claim came back short. A wake-up that arrives while a claim
 * runs makes the task claim once more, so no arrival is missed; the first claim runs
 * after watching started. A limit that holds jobs back schedules the next look, and a
 * Redis failure retries with a pause that doubles up to
 * {@value JobClaimLoop#MAX_BACKOFF_MILLIS} ms.
 */
final class SharedClaimLoop {

	private static final Log logger = LogFactory.getLog(SharedClaimLoop.class);

	private final String queue;

	private final JobWorkerProtocol operations;

	private final WorkerSlots slots;

	private final JobClaimLoop hands;

	private final BooleanSupplier claiming;

	private final SharedClaimThreads threads;

	private final RedisOutageLog outage;

	/** Whether a wake-up came since the running claim task read it. */
	private final AtomicBoolean wanted = new AtomicBoolean();

	/** Whether a claim task is queued or running. */
	private final AtomicBoolean scheduled = new AtomicBoolean();

	/** Whether a claim task found no free slot: a freed slot then wakes the queue. */
	private volatile boolean starved;

	private volatile @Nullable ScheduledFuture<?> retry;

	private long backoff;

	private @Nullable Runnable unwatch;

	private @Nullable ScheduledFuture<?> lease;

	SharedClaimLoop(String queue, JobWorkerProtocol operations, WorkerSlots slots, JobClaimLoop hands,
			BooleanSupplier claiming, SharedClaimThreads threads) {
		this.queue = queue;
		this.operations = operations;
		this.slots = slots;
		this.hands = hands;
		this.claiming = claiming;
		this.threads = threads;
		this.outage = new RedisOutageLog(logger, "Claiming from queue '" + queue + "'");
		slots.onRelease(this::slotFreed);
	}

	/**
	 * Starts the shared claims of a queue if its arrivals can be watched: watching is on
	 * before the first claim, so no arrival is missed; the leases of its running jobs are
	 * extended on the shared scheduler.
	 * @param container what the container claims with
	 * @param slots the worker slots of this run
	 * @param hands the claim loop that hands claimed jobs to workers
	 * @param claiming whether the container still claims
	 * @param threads the shared threads
	 * @return the started claims, or null to claim by blocking instead
	 */
	static @Nullable SharedClaimLoop start(SharedClaimLoop.Container container, WorkerSlots slots, JobClaimLoop hands,
			BooleanSupplier claiming, SharedClaimThreads threads) {
		SharedClaimLoop claims = new SharedClaimLoop(container.queue(), container.operations(), slots, hands, claiming,
				threads);
		Runnable watch = container.operations().watchArrivals(container.queue(), claims::wake);
		if (watch == null) {
			slots.onRelease(null);
			return null;
		}
		claims.unwatch = watch;
		if (container.settings().leaseExtension()) {
			long period = Math
				.max(container.operations().settings(container.queue()).visibilityTimeout().toMillis() / 3, 10);
			claims.lease = threads.scheduler()
				.scheduleWithFixedDelay(
						new JobLeaseExtender(container.queue(), container.operations(), container.inFlight()), period,
						period, TimeUnit.MILLISECONDS);
		}
		claims.wake();
		return claims;
	}

	/**
	 * What a container claims with.
	 *
	 * @param queue the queue
	 * @param operations the worker protocol
	 * @param settings the container's settings
	 * @param inFlight the container's running jobs
	 */
	record Container(String queue, JobWorkerProtocol operations, JobWorkerSettings settings,
			Map<String, InFlightJob> inFlight) {
	}

	/**
	 * Asks for a claim soon: on any I/O thread, never blocks.
	 */
	void wake() {
		this.wanted.set(true);
		if (this.scheduled.compareAndSet(false, true)) {
			try {
				this.threads.claims().execute(this::claim);
			}
			catch (RuntimeException ex) {
				this.scheduled.set(false);
				logger.error("Could not schedule a claim of queue '" + this.queue + "'", ex);
			}
		}
	}

	private void slotFreed() {
		if (this.starved) {
			wake();
		}
	}

	/**
	 * Stops watching arrivals and cancels a scheduled look, once the container stopped
	 * claiming.
	 */
	void stop() {
		Runnable watching = this.unwatch;
		this.unwatch = null;
		if (watching != null) {
			watching.run();
		}
		ScheduledFuture<?> pending = this.retry;
		if (pending != null) {
			pending.cancel(false);
		}
	}

	/**
	 * Stops extending leases, once the running jobs were drained.
	 */
	void stopLeases() {
		ScheduledFuture<?> extending = this.lease;
		this.lease = null;
		if (extending != null) {
			extending.cancel(false);
		}
	}

	private void claim() {
		while (true) {
			this.wanted.set(false);
			if (!this.claiming.getAsBoolean()) {
				this.scheduled.set(false);
				return;
			}
			int free = this.slots.drain();
			if (free == 0) {
				// a freed slot wakes the queue from now on; one freed before that is seen
				// here
				this.starved = true;
				this.scheduled.set(false);
				if ((this.wanted.get() || this.slots.available() > 0) && this.scheduled.compareAndSet(false, true)) {
					continue;
				}
				return;
			}
			this.starved = false;
			ClaimBatch batch;
			try {
				batch = this.operations.claimBatch(this.queue, free);
				this.backoff = 0;
				this.outage.succeeded();
			}
			catch (RuntimeException ex) {
				this.slots.release(free);
				this.backoff = Math.min(Math.max(this.backoff * 2, 50), JobClaimLoop.MAX_BACKOFF_MILLIS);
				this.outage.failed(ex, "trying again every " + JobClaimLoop.MAX_BACKOFF_MILLIS + " ms at most");
				lookAgain(Duration.ofMillis(this.backoff));
				if (!park()) {
					return;
				}
				continue;
			}
			List<ClaimedJob> jobs = batch.jobs();
			this.slots.release(free - jobs.size());
			for (ClaimedJob job : jobs) {
				this.hands.hand(job);
			}
			if (!jobs.isEmpty() && jobs.size() == free) {
				// more may wait: claim again for the slots free by then
				continue;
			}
			if (batch.retryAfter() != null) {
				lookAgain(batch.retryAfter());
			}
			if (!park()) {
				return;
			}
		}
	}

	/**
	 * Ends the claim task unless a wake-up came meanwhile.
	 * @return true when the task should claim again
	 */
	private boolean park() {
		this.scheduled.set(false);
		return this.wanted.get() && this.scheduled.compareAndSet(false, true);
	}

	private void lookAgain(Duration delay) {
		ScheduledFuture<?> previous = this.retry;
		if (previous != null && !previous.isDone()) {
			return;
		}
		if (!this.claiming.getAsBoolean()) {
			return;
		}
		this.retry = this.threads.scheduler()
			.schedule(this::wake, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
	}

}
