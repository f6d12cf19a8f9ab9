package dev.jobqueue.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * Runs the jobs of one queue: a dispatcher thread claims as many jobs as there are free
 * worker slots (one round trip for all of them, or one blocking claim when the queue is
 * empty), and each job runs on a worker thread that calls its handler and then completes
 * or fails it. A completion claims the worker's next job in the same round trip, so under
 * a backlog each job costs one round trip and the dispatcher only fills slots that found
 * nothing. Never claims a job that cannot start at once, so no visibility clock runs
 * while a job waits.
 * <p>
 * While jobs run, their claims are extended every third of the visibility timeout in one
 * round trip, so a sweep never hands a live worker's job to another. On
 * {@link #stop(Runnable)} the container stops claiming and waits up to the shutdown
 * timeout for running jobs; jobs still running then are handed back to pending
 * (token-checked, their attempt given back) and their threads interrupted. Created by
 * {@link JobWorkerContainerFactory}.
 */
public final class JobWorkerContainer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(JobWorkerContainer.class);

	private static final long MAX_BACKOFF_MILLIS = 5000;

	private static final long PERMIT_POLL_MILLIS = 100;

	private final String queue;

	private final JobWorkerProtocol operations;

	private final JobWorkerSettings settings;

	private final boolean virtualThreads;

	private final List<JobExecutionListener> listeners;

	private final JobExecutor executor;

	private final Map<String, InFlightJob> inFlight = new ConcurrentHashMap<>();

	private final Object lifecycleMonitor = new Object();

	private volatile boolean running;

	private volatile @Nullable WorkerSlots permits;

	private volatile int concurrency;

	private @Nullable Thread dispatcher;

	private @Nullable Executor workers;

	private @Nullable ScheduledExecutorService leaseScheduler;

	private volatile @Nullable CountDownLatch stopped;

	JobWorkerContainer(String queue, JobWorkerProtocol operations, JobPayloadConverter converter, JobRouter router,
			JobWorkerSettings settings, boolean virtualThreads, List<JobExecutionListener> listeners) {
		this.queue = queue;
		this.operations = operations;
		this.settings = settings;
		this.virtualThreads = virtualThreads;
		this.listeners = List.copyOf(listeners);
		this.concurrency = settings.concurrency();
		this.executor = new JobExecutor(queue, operations, converter, router);
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
			WorkerSlots slots = this.permits;
			if (!this.running || slots == null || previous == concurrency) {
				return;
			}
			if (this.workers instanceof ThreadPoolExecutor pool) {
				if (concurrency > previous) {
					pool.setMaximumPoolSize(concurrency);
					pool.setCorePoolSize(concurrency);
				}
				else {
					pool.setCorePoolSize(concurrency);
					pool.setMaximumPoolSize(concurrency);
				}
			}
			slots.resize(concurrency);
			logger.debug("Resized the workers of queue '" + this.queue + "' from " + previous + " to " + concurrency);
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
	 * Whether the dispatcher is alive and claiming.
	 * @return true between a successful start and the next stop
	 */
	@Override
	public boolean isRunning() {
		Thread thread = this.dispatcher;
		return this.running && thread != null && thread.isAlive();
	}

	@Override
	public boolean isAutoStartup() {
		return this.settings.autoStartup();
	}

	/**
	 * Starts claiming; does nothing if already running.
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			CountDownLatch previous = this.stopped;
			if (previous != null && previous.getCount() > 0) {
				throw new IllegalStateException("Container of queue '" + this.queue + "' is still stopping");
			}
			int concurrency = this.concurrency;
			this.permits = new WorkerSlots(concurrency);
			this.workers = createWorkers(concurrency);
			if (this.settings.leaseExtension()) {
				this.leaseScheduler = createLeaseScheduler();
			}
			this.running = true;
			Thread thread = new Thread(this::dispatch, threadPrefix() + "dispatcher");
			thread.setDaemon(false);
			this.dispatcher = thread;
			thread.start();
			logger.debug("Started " + concurrency + " workers on queue '" + this.queue + "'");
		}
	}

	/**
	 * Stops and waits until every job has finished or been handed back.
	 */
	@Override
	public void stop() {
		CountDownLatch done = new CountDownLatch(1);
		stop(done::countDown);
		try {
			done.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops claiming at once and drains on a separate thread: running jobs get up to the
	 * shutdown timeout to finish; then the rest are handed back to pending and their
	 * threads interrupted.
	 * @param callback run when the container has stopped
	 */
	@Override
	public void stop(Runnable callback) {
		Thread drainer;
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				callback.run();
				return;
			}
			this.running = false;
			CountDownLatch latch = new CountDownLatch(1);
			this.stopped = latch;
			drainer = new Thread(() -> {
				try {
					drain();
				}
				finally {
					latch.countDown();
					callback.run();
				}
			}, threadPrefix() + "stop");
		}
		drainer.start();
	}

	@Override
	public int getPhase() {
		return JobHandlerEndpointRegistry.DEFAULT_PHASE;
	}

	private String threadPrefix() {
		return "jobqueue-" + this.queue + "-";
	}

	private Executor createWorkers(int concurrency) {
		if (this.virtualThreads) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(threadPrefix() + "worker-");
			executor.setVirtualThreads(true);
			return executor;
		}
		// The semaphore bounds the jobs handed over, so the queue never holds more than
		// the free slots.
		return new ThreadPoolExecutor(concurrency, concurrency, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				new CustomizableThreadFactory(threadPrefix() + "worker-"));
	}

	private ScheduledExecutorService createLeaseScheduler() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(threadPrefix() + "lease-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, threads);
		scheduler.setRemoveOnCancelPolicy(true);
		long period = Math.max(this.operations.settings(this.queue).visibilityTimeout().toMillis() / 3, 10);
		scheduler.scheduleWithFixedDelay(this::extendLeases, period, period, TimeUnit.MILLISECONDS);
		return scheduler;
	}

	private void dispatch() {
		WorkerSlots slots = this.permits;
		long backoff = 0;
		while (this.running && slots != null) {
			try {
				if (!slots.tryAcquire(PERMIT_POLL_MILLIS)) {
					continue;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			int free = 1 + slots.drain();
			if (!this.running) {
				slots.release(free);
				break;
			}
			List<ClaimedJob> jobs = List.of();
			try {
				jobs = this.operations.claimAvailable(this.queue, free);
				if (jobs.isEmpty() && this.running) {
					jobs = this.operations.claim(this.queue, this.settings.claimTimeout())
						.map(List::of)
						.orElse(List.of());
				}
				backoff = 0;
			}
			catch (RuntimeException ex) {
				backoff = Math.min(Math.max(backoff * 2, 100), MAX_BACKOFF_MILLIS);
				logger.error("Claiming from queue '" + this.queue + "' failed; trying again in " + backoff + " ms", ex);
			}
			slots.release(free - jobs.size());
			for (ClaimedJob job : jobs) {
				hand(job);
			}
			if (backoff > 0) {
				pause(backoff);
			}
		}
	}

	private void pause(long millis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (this.running && System.nanoTime() < deadline) {
			try {
				Thread.sleep(Math.min(PERMIT_POLL_MILLIS, millis));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void hand(ClaimedJob job) {
		InFlightJob entry = new InFlightJob(job);
		this.inFlight.put(job.id(), entry);
		Executor executor = this.workers;
		try {
			if (executor == null) {
				throw new RejectedExecutionException("no workers");
			}
			executor.execute(() -> run(entry));
		}
		catch (RejectedExecutionException ex) {
			this.inFlight.remove(job.id());
			releaseQuietly(List.of(job));
			WorkerSlots slots = this.permits;
			if (slots != null) {
				slots.release(1);
			}
		}
	}

	/**
	 * Runs a job and then, as long as each completion claims a next job in the same round
	 * trip, that job: under a backlog a worker keeps its slot and costs one round trip
	 * per job, with no hand-over through the dispatcher. The slot is given back when no
	 * job came along.
	 */
	private void run(InFlightJob first) {
		InFlightJob entry = first;
		try {
			while (entry != null) {
				ClaimedJob next = runOne(entry);
				entry = null;
				if (next != null) {
					entry = new InFlightJob(next);
					this.inFlight.put(next.id(), entry);
				}
			}
		}
		finally {
			WorkerSlots slots = this.permits;
			if (slots != null) {
				slots.release(1);
			}
		}
	}

	/**
	 * Whether a worker that is completing its job may claim its next one, asked when the
	 * job is completed: not while stopping, and not while a shrink still owes slots (this
	 * one is given back).
	 */
	private boolean mayClaimNext() {
		WorkerSlots slots = this.permits;
		return this.running && slots != null && !slots.owesSlots();
	}

	private @Nullable ClaimedJob runOne(InFlightJob entry) {
		ClaimedJob job = entry.job;
		entry.thread = Thread.currentThread();
		long start = System.nanoTime();
		JobOutcome outcome = JobOutcome.ERROR;
		try {
			for (JobExecutionListener listener : this.listeners) {
				listener.jobStarted(job);
			}
			outcome = this.executor.execute(entry, this::mayClaimNext);
		}
		catch (RuntimeException | Error ex) {
			logger.error("Worker of queue '" + this.queue + "' failed on job " + job.id(), ex);
		}
		finally {
			entry.thread = null;
			this.inFlight.remove(job.id());
			Thread.interrupted();
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			for (JobExecutionListener listener : this.listeners) {
				try {
					listener.jobFinished(job, outcome, took);
				}
				catch (RuntimeException ex) {
					logger.warn("JobExecutionListener " + listener + " failed", ex);
				}
			}
		}
		return entry.next;
	}

	private void extendLeases() {
		if (this.inFlight.isEmpty()) {
			return;
		}
		List<ClaimedJob> jobs = new ArrayList<>(this.inFlight.size());
		for (InFlightJob entry : this.inFlight.values()) {
			if (!entry.lost && !entry.finishing) {
				jobs.add(entry.job);
			}
		}
		try {
			for (ClaimedJob lost : this.operations.extendLeases(jobs)) {
				InFlightJob entry = this.inFlight.get(lost.id());
				if (entry != null && !entry.lost && !entry.finishing) {
					entry.lost = true;
					logger.warn("Job " + lost.id() + " of queue '" + this.queue + "' is no longer held by its worker "
							+ "(reclaimed, deleted or purged); its late outcome will be rejected");
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not extend the claims of " + jobs.size() + " running jobs of queue '" + this.queue + "'",
					ex);
		}
	}

	private void drain() {
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		Thread thread = this.dispatcher;
		if (thread != null) {
			// The dispatcher leaves once its blocking claim returns; a job it claims on
			// the way out runs.
			joinQuietly(thread, Math.max(remainingMillis(deadline), this.settings.claimTimeout().toMillis() + 2000));
		}
		WorkerSlots slots = this.permits;
		boolean idle = false;
		try {
			idle = slots == null || slots.awaitIdle(remainingMillis(deadline));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!idle) {
			handBackUnfinished();
		}
		ScheduledExecutorService scheduler = this.leaseScheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
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
		List<ClaimedJob> released = releaseQuietly(jobs);
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

	private List<ClaimedJob> releaseQuietly(List<ClaimedJob> jobs) {
		try {
			return this.operations.release(jobs);
		}
		catch (RuntimeException ex) {
			logger.error("Could not hand " + jobs.size() + " unfinished jobs of queue '" + this.queue
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

}
