package dev.jobqueue.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Runs the jobs of one queue with a fixed but resizable number of workers, built from
 * parts: a {@link JobClaimLoop} on a dispatcher thread claims jobs for free worker slots
 * and hands them to worker threads, where a {@link JobExecutor} calls the handler and
 * completes or fails the job (asking the {@link JobErrorHandler} whether a failure is
 * retried); a {@link JobLeaseExtender} extends the claims of running jobs every third of
 * the visibility timeout; on {@link #stop(Runnable)} a {@link JobDrainer} waits up to the
 * shutdown timeout for running jobs and hands the rest back to pending. This class owns
 * the lifecycle and the threads. If the claim loop dies of an unexpected error, the
 * container stops as on {@link #stop(Runnable)} and can be started again. Created by
 * {@link JobWorkerContainerFactory}.
 */
public final class JobWorkerContainer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(JobWorkerContainer.class);

	private final String queue;

	private final JobWorkerProtocol operations;

	private final JobWorkerSettings settings;

	private final JobWorkerThreads threads;

	private final List<JobHandlerEndpoint> endpoints;

	private final JobExecutor executor;

	private final Map<String, InFlightJob> inFlight = new ConcurrentHashMap<>();

	private final Object lifecycleMonitor = new Object();

	private volatile boolean running;

	private volatile int concurrency;

	private @Nullable WorkerSlots slots;

	private @Nullable Executor workers;

	private @Nullable ScheduledExecutorService leaseScheduler;

	private volatile @Nullable Thread dispatcher;

	private volatile @Nullable CountDownLatch stopped;

	private final @Nullable Supplier<SharedClaimThreads> sharedThreads;

	/** The shared-mode claims of the current run, or null when claiming by blocking. */
	private volatile @Nullable SharedClaimLoop sharedLoop;

	private final JobCancelListener cancelListener;

	JobWorkerContainer(String queue, JobWorkerProtocol operations, JobPayloadConverter converter, JobRouter router,
			JobErrorHandler errorHandler, JobWorkerSettings settings, boolean virtualThreads,
			List<JobExecutionListener> listeners, @Nullable Supplier<SharedClaimThreads> sharedThreads) {
		this.queue = queue;
		this.sharedThreads = sharedThreads;
		this.operations = operations;
		this.settings = settings;
		this.threads = new JobWorkerThreads(queue, virtualThreads);
		this.endpoints = router.endpoints();
		this.concurrency = settings.concurrency();
		this.cancelListener = new JobCancelListener(queue, operations, this.inFlight);
		this.executor = new JobExecutor(queue, operations, converter, router, errorHandler, listeners, this.inFlight,
				this.threads::deadlineScheduler, (delta) -> JobWorkerThreads.adjust(this.workers, delta));
	}

	/**
	 * Returns the queue this container serves.
	 * @return the queue name
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * Returns the settings this container runs with.
	 * @return the settings
	 */
	public JobWorkerSettings getSettings() {
		return this.settings;
	}

	/**
	 * Returns how many jobs may run at once: the settings' concurrency unless changed
	 * since.
	 * @return the number of workers
	 */
	public int getConcurrency() {
		return this.concurrency;
	}

	/**
	 * Changes how many jobs may run at once, also while running: growing lets more jobs
	 * be claimed at once; shrinking lets running jobs finish and claims no new job until
	 * fewer than the new number run.
	 * @param concurrency the number of workers, at least 1
	 */
	public void setConcurrency(int concurrency) {
		Assert.isTrue(concurrency > 0, "concurrency must be positive");
		synchronized (this.lifecycleMonitor) {
			int previous = this.concurrency;
			this.concurrency = concurrency;
			WorkerSlots current = this.slots;
			if (!this.running || current == null || previous == concurrency) {
				return;
			}
			Executor pool = this.workers;
			if (pool != null) {
				JobWorkerThreads.resize(pool, previous, concurrency);
			}
			current.resize(concurrency);
			logger.info("Resized the workers of queue '" + this.queue + "' from " + previous + " to " + concurrency);
		}
	}

	/**
	 * Returns how many jobs are running now.
	 * @return the number of jobs between claim and recorded outcome
	 */
	public int getActiveCount() {
		return this.inFlight.size();
	}

	/**
	 * Returns how many handler threads ignored the interrupt at their execution deadline
	 * and still run one visibility timeout later: each has given its worker slot to a new
	 * thread, and its job was reclaimed. Such a thread cannot be stopped safely; it is
	 * counted until its handler returns.
	 * @return the number of stuck handler threads
	 */
	public int getStuckHandlerCount() {
		return this.executor.getStuckHandlerCount();
	}

	/**
	 * Whether the claim loop is alive and claiming.
	 * @return true between a successful start and the next stop
	 */
	@Override
	public boolean isRunning() {
		if (this.sharedLoop != null) {
			return this.running;
		}
		Thread thread = this.dispatcher;
		return this.running && thread != null && thread.isAlive();
	}

	/**
	 * Whether this run claims in {@link ClaimMode#SHARED} mode: it was asked to and the
	 * queue's arrivals can be watched.
	 * @return true while running with shared claims
	 */
	public boolean isSharedClaims() {
		return this.running && this.sharedLoop != null;
	}

	@Override
	public boolean isAutoStartup() {
		return this.settings.autoStartup();
	}

	/**
	 * Starts claiming; does nothing if already running. A start right after an
	 * asynchronous stop waits for that stop's drain (bounded by the shutdown timeout and
	 * the hand-back) so that a restart never runs two claim loops on one queue.
	 * @throws IllegalStateException if the previous stop is still draining after that
	 * bound, or the calling thread is interrupted while it waits
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			JobDrainer.awaitStopped(this.stopped, this.settings.shutdownTimeout(), this.queue);
			int size = this.concurrency;
			WorkerSlots newSlots = new WorkerSlots(size);
			Executor newWorkers = this.threads.workers(size, this.sharedThreads != null);
			this.slots = newSlots;
			this.workers = newWorkers;
			this.running = true;
			this.cancelListener.listen();
			JobClaimLoop loop = new JobClaimLoop(this.queue, this.operations, this.settings, newSlots, newWorkers,
					this.executor, this.inFlight, () -> this.running);
			Supplier<SharedClaimThreads> shared = this.sharedThreads;
			this.sharedLoop = (shared != null) ? SharedClaimLoop.start(
					new SharedClaimLoop.Container(this.queue, this.operations, this.settings, this.inFlight), newSlots,
					loop, () -> this.running, shared.get()) : null;
			this.dispatcher = null;
			this.leaseScheduler = null;
			if (this.sharedLoop == null) {
				this.leaseScheduler = this.settings.leaseExtension()
						? this.threads.leaseScheduler(new JobLeaseExtender(this.queue, this.operations, this.inFlight),
								this.operations.settings(this.queue).visibilityTimeout())
						: null;
				Thread thread = this.threads.thread("dispatcher", () -> claimUntilStopped(loop));
				this.dispatcher = thread;
				thread.start();
			}
			logger.info("Started " + size + " workers on queue '" + this.queue + "'"
					+ ((this.sharedLoop != null) ? " (shared claims)" : "") + " for "
					+ this.endpoints.stream().map(JobHandlerEndpoint::handlerLabel).collect(Collectors.joining(", ")));
		}
	}

	private void claimUntilStopped(JobClaimLoop loop) {
		try {
			loop.run();
		}
		catch (RuntimeException | Error ex) {
			logger.error("The claim loop of queue '" + this.queue
					+ "' died; stopping its workers (start the container again to resume)", ex);
			stop(() -> {
			});
		}
	}

	/**
	 * Stops and waits until every job has finished or been handed back.
	 */
	@Override
	public void stop() {
		JobHandlerEndpointRegistry.stopAndWait(this);
	}

	/**
	 * Stops claiming at once and drains on a separate thread: running jobs get up to the
	 * shutdown timeout to finish; then the rest are handed back to pending and their
	 * threads interrupted.
	 * @param callback run when stopped, before a start waiting for this stop returns
	 */
	@Override
	public void stop(Runnable callback) {
		Thread drainer;
		synchronized (this.lifecycleMonitor) {
			WorkerSlots currentSlots = this.slots;
			Executor currentWorkers = this.workers;
			if (!this.running || currentSlots == null || currentWorkers == null) {
				callback.run();
				return;
			}
			this.running = false;
			Runnable listening = this.cancelListener.detach();
			SharedClaimLoop claims = this.sharedLoop;
			if (claims != null) {
				claims.stop();
			}
			CountDownLatch latch = new CountDownLatch(1);
			this.stopped = latch;
			JobDrainer drain = new JobDrainer(this.queue, this.operations, this.settings, this.dispatcher, currentSlots,
					this.inFlight, currentWorkers, this.leaseScheduler);
			List<Runnable> afterwards = new ArrayList<>();
			if (claims != null) {
				afterwards.add(claims::stopLeases);
			}
			if (listening != null) {
				afterwards.add(listening);
			}
			afterwards.add(callback);
			drainer = this.threads.thread("stop", drain.followedBy(afterwards, latch::countDown));
		}
		drainer.start();
	}

	@Override
	public int getPhase() {
		return JobHandlerEndpointRegistry.DEFAULT_PHASE;
	}

}
