package dev.jobqueue.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Drains one run of a queue's container once it stopped claiming: waits for the claim
 * loop to leave and for running jobs to finish, up to the shutdown timeout; then hands
 * the jobs still running back to pending (token-checked, their attempt given back) and
 * interrupts their threads; finally shuts the worker pool and the lease scheduler down.
 */
final class JobDrainer implements Runnable {

	private static final Log logger = LogFactory.getLog(JobDrainer.class);

	private final String queue;

	private final JobWorkerProtocol operations;

	private final JobWorkerSettings settings;

	private final @Nullable Thread dispatcher;

	private final WorkerSlots slots;

	private final Map<String, InFlightJob> inFlight;

	private final Executor workers;

	private final @Nullable ScheduledExecutorService leaseScheduler;

	JobDrainer(String queue, JobWorkerProtocol operations, JobWorkerSettings settings, @Nullable Thread dispatcher,
			WorkerSlots slots, Map<String, InFlightJob> inFlight, Executor workers,
			@Nullable ScheduledExecutorService leaseScheduler) {
		this.queue = queue;
		this.operations = operations;
		this.settings = settings;
		this.dispatcher = dispatcher;
		this.slots = slots;
		this.inFlight = inFlight;
		this.workers = workers;
		this.leaseScheduler = leaseScheduler;
	}

	@Override
	public void run() {
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		Thread thread = this.dispatcher;
		if (thread != null && thread != Thread.currentThread()) {
			// The claim loop leaves once its blocking claim returns; a job it claims on
			// the way out runs.
			joinQuietly(thread, Math.max(remainingMillis(deadline), this.settings.claimTimeout().toMillis() + 2000));
		}
		boolean idle = false;
		try {
			idle = this.slots.awaitIdle(remainingMillis(deadline));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!idle) {
			handBackUnfinished();
		}
		if (this.leaseScheduler != null) {
			this.leaseScheduler.shutdownNow();
		}
		if (this.workers instanceof ExecutorService pool) {
			pool.shutdown();
		}
		logger.debug("Stopped the workers of queue '" + this.queue + "'");
	}

	private void handBackUnfinished() {
		List<InFlightJob> unfinished = new ArrayList<>(this.inFlight.values());
		if (unfinished.isEmpty()) {
			return;
		}
		List<ClaimedJob> jobs = unfinished.stream().map((entry) -> entry.job).toList();
		List<ClaimedJob> released = releaseQuietly(this.operations, this.queue, jobs);
		for (InFlightJob entry : unfinished) {
			if (released.contains(entry.job)) {
				entry.released = true;
			}
			Thread worker = entry.thread;
			if (worker != null) {
				worker.interrupt();
			}
		}
		logger.warn("Shutdown timeout of " + this.settings.shutdownTimeout() + " reached on queue '" + this.queue
				+ "': handed " + released.size() + " of " + jobs.size() + " unfinished jobs back to pending "
				+ released.stream().map(ClaimedJob::id).toList());
	}

	/**
	 * Hands claimed jobs back to pending, logging instead of throwing when Redis fails.
	 * @return the jobs handed back
	 */
	static List<ClaimedJob> releaseQuietly(JobWorkerProtocol operations, String queue, List<ClaimedJob> jobs) {
		try {
			return operations.release(jobs);
		}
		catch (RuntimeException ex) {
			logger.error("Could not hand " + jobs.size() + " unfinished jobs of queue '" + queue
					+ "' back to pending; a sweep reclaims them after the visibility timeout", ex);
			return List.of();
		}
	}

	private static long remainingMillis(long deadlineNanos) {
		return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
	}

	private static void joinQuietly(Thread thread, long millis) {
		try {
			thread.join(Math.max(millis, 1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How long a stop may spend handing jobs back after the shutdown timeout, for a start
	 * that waits for it.
	 */
	static final Duration HAND_BACK_ALLOWANCE = Duration.ofSeconds(30);

	/**
	 * Returns what a container's stop thread runs: this drain, then each step in order,
	 * each one even if one before failed, and {@code last} in any case.
	 * @param steps the steps after the drain
	 * @param last what runs at the very end (counting down the stop's latch)
	 * @return the runnable
	 */
	Runnable followedBy(List<Runnable> steps, Runnable last) {
		return () -> {
			try {
				run();
			}
			finally {
				runInOrder(steps, 0, last);
			}
		};
	}

	private static void runInOrder(List<Runnable> steps, int from, Runnable last) {
		if (from == steps.size()) {
			last.run();
			return;
		}
		try {
			steps.get(from).run();
		}
		finally {
			runInOrder(steps, from + 1, last);
		}
	}

	/**
	 * Waits for a container's previous stop (its drain and hand-back), so that a restart
	 * never runs two claim loops on one queue: at most the shutdown timeout and
	 * {@link #HAND_BACK_ALLOWANCE} for the hand-back.
	 * @param previous the latch of the previous stop, or null if none
	 * @param shutdownTimeout the container's shutdown timeout
	 * @param queue the queue, for messages
	 * @throws IllegalStateException if that stop still runs after the bound, or the
	 * calling thread is interrupted while it waits
	 */
	static void awaitStopped(@Nullable CountDownLatch previous, Duration shutdownTimeout, String queue) {
		if (previous == null || previous.getCount() == 0) {
			return;
		}
		Duration bound = shutdownTimeout.plus(HAND_BACK_ALLOWANCE);
		try {
			if (previous.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(
					"Interrupted while the container of queue '" + queue + "' was still stopping", ex);
		}
		throw new IllegalStateException("Container of queue '" + queue + "' is still stopping after " + bound
				+ " (its running jobs outlast the shutdown timeout and the hand-back)");
	}

}
