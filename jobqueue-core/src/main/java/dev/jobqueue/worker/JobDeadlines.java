package dev.jobqueue.worker;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The execution deadlines of one queue's attempts. An attempt with an execution timeout
 * (the job's own, else its handler's, else its queue's) has a deadline: when it passes,
 * the handler's thread is interrupted and the attempt fails with
 * {@code timed out after <timeout>}, retried as any failure; its lease is no longer
 * extended. A handler that ignores the interrupt keeps its thread, which cannot be
 * stopped safely, but not its job: the job is reclaimed once its lease runs out, and
 * after one visibility timeout the worker's slot is given to a new thread (the stuck
 * thread is logged and counted until it returns; its late outcome is rejected). The
 * scheduler's thread is made on the first deadline.
 */
final class JobDeadlines {

	private static final Log logger = LogFactory.getLog(JobDeadlines.class);

	private final String queue;

	private final JobWorkerProtocol operations;

	private final Supplier<ScheduledThreadPoolExecutor> deadlineSchedulerFactory;

	private volatile @Nullable ScheduledThreadPoolExecutor deadlineScheduler;

	private final AtomicInteger stuckHandlers = new AtomicInteger();

	private final IntConsumer workerPool;

	JobDeadlines(String queue, JobWorkerProtocol operations, Supplier<ScheduledThreadPoolExecutor> scheduler,
			IntConsumer workerPool) {
		this.queue = queue;
		this.operations = operations;
		this.deadlineSchedulerFactory = scheduler;
		this.workerPool = workerPool;
	}

	/**
	 * Arms the deadline of an attempt that is about to start.
	 * @param entry the job
	 * @param timeout its execution timeout
	 * @return the deadline, to cancel when the handler returns
	 */
	ScheduledFuture<?> schedule(InFlightJob entry, Duration timeout) {
		return deadlineScheduler().schedule(() -> deadlinePassed(entry, timeout), timeout.toNanos(),
				TimeUnit.NANOSECONDS);
	}

	/**
	 * Records that the handler returned, cancels its deadline and clears an interrupt
	 * meant for it.
	 * @param deadline the attempt's deadline, or null when it has none
	 * @return whether the deadline had passed
	 */
	boolean handlerReturned(InFlightJob entry, @Nullable ScheduledFuture<?> deadline) {
		boolean timedOut = entry.handlerReturned();
		if (deadline != null) {
			deadline.cancel(false);
		}
		Thread.interrupted();
		return timedOut;
	}

	private ScheduledThreadPoolExecutor deadlineScheduler() {
		ScheduledThreadPoolExecutor scheduler = this.deadlineScheduler;
		if (scheduler == null) {
			synchronized (this) {
				scheduler = this.deadlineScheduler;
				if (scheduler == null) {
					scheduler = this.deadlineSchedulerFactory.get();
					this.deadlineScheduler = scheduler;
				}
			}
		}
		return scheduler;
	}

	private void deadlinePassed(InFlightJob entry, Duration timeout) {
		Thread thread = entry.thread;
		if (!entry.timeOut()) {
			return;
		}
		logger.warn("Job " + entry.job.id() + " of queue '" + this.queue + "' timed out after "
				+ JobOutcomeLog.describe(timeout) + " on attempt " + entry.job.attempts() + "; interrupted its handler"
				+ ((thread != null) ? " on thread " + thread.getName() : "") + " and stopped extending its lease");
		Duration grace = this.operations.settings(this.queue).visibilityTimeout();
		deadlineScheduler().schedule(() -> checkStuck(entry, timeout, grace), grace.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Gives the worker slot of a handler still running one visibility timeout after its
	 * deadline to a new thread: the job's lease has run out by then, so a sweep returns
	 * it to pending and it runs again elsewhere.
	 */
	private void checkStuck(InFlightJob entry, Duration timeout, Duration grace) {
		Thread thread;
		int stuck;
		synchronized (entry) {
			// under the lock the worker clears the thread with, so a handler returning
			// now is either not counted or counted and then uncounted
			thread = entry.thread;
			if (thread == null || !entry.slot.release()) {
				return;
			}
			entry.stuck = true;
			stuck = this.stuckHandlers.incrementAndGet();
		}
		// a new thread for the job that takes the slot
		this.workerPool.accept(1);
		String where = Arrays.stream(thread.getStackTrace())
			.limit(8)
			.map((frame) -> "\n\tat " + frame)
			.collect(Collectors.joining());
		logger.error("The handler of job " + entry.job.id() + " of queue '" + this.queue + "' on thread "
				+ thread.getName() + " ignores its interrupt and still runs " + JobOutcomeLog.describe(grace)
				+ " after its deadline of " + JobOutcomeLog.describe(timeout)
				+ ": its job is reclaimed once its lease runs out"
				+ " and runs again; the thread is left running (a Java thread cannot be stopped safely) and its"
				+ " worker slot goes to a new thread (" + stuck + " stuck handler thread(s) on this queue now)"
				+ where);
	}

	/**
	 * Returns how many handler threads ignored their deadline and still run, their slots
	 * given to new threads.
	 * @return the number of stuck handler threads
	 */
	int stuckHandlerCount() {
		return this.stuckHandlers.get();
	}

	/**
	 * Uncounts a stuck handler that returned at last.
	 * @param job its job
	 * @param ranNanos how long it ran
	 */
	void stuckHandlerReturned(ClaimedJob job, long ranNanos) {
		this.stuckHandlers.decrementAndGet();
		this.workerPool.accept(-1);
		logger.warn("The stuck handler of job " + job.id() + " of queue '" + this.queue + "' returned after "
				+ JobOutcomeLog.describe(Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(ranNanos))));
	}

}
