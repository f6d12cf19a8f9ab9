package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueClients;

/**
 * Worker threads, a lease extender and a sweeper on the core API inside the test JVM, for
 * the scenarios where Redis (not the worker) fails. Executions are counted in memory, so
 * they survive whatever happens to Redis; every exception is caught, counted by type, and
 * the thread goes on after a short pause, as a deployed worker must.
 */
final class InProcessWorkers implements AutoCloseable {

	private final JobQueueClients jobs;

	private final String queue;

	private final Duration visibility;

	private final long workMillis;

	private final List<Thread> threads = new ArrayList<>();

	private final Map<String, List<String>> executions = new ConcurrentHashMap<>();

	private final Set<ClaimedJob> running = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();

	private final AtomicLongArray lastCompleted;

	private final AtomicLong lastSweep = new AtomicLong();

	private final AtomicInteger claimsLost = new AtomicInteger();

	private volatile boolean stopped;

	/**
	 * Starts the threads.
	 * @param jobs the queue client
	 * @param queue the queue
	 * @param workers how many worker threads
	 * @param visibility the queue's visibility timeout (leases are extended every third
	 * of it)
	 * @param workMillis how long each job works
	 */
	InProcessWorkers(JobQueueClients jobs, String queue, int workers, Duration visibility, long workMillis) {
		this.jobs = jobs;
		this.queue = queue;
		this.visibility = visibility;
		this.workMillis = workMillis;
		this.lastCompleted = new AtomicLongArray(workers);
		for (int i = 0; i < workers; i++) {
			int index = i;
			start("worker-" + i, () -> work(index));
		}
		start("leases", this::extendLeases);
		start("sweeper", this::sweep);
	}

	private void start(String name, Runnable loop) {
		Thread thread = new Thread(() -> {
			while (!this.stopped) {
				try {
					loop.run();
				}
				catch (RuntimeException ex) {
					this.errors.computeIfAbsent(ex.getClass().getSimpleName(), (k) -> new AtomicInteger())
						.incrementAndGet();
					sleep(100);
				}
			}
		}, this.queue + "-" + name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
	}

	private void work(int index) {
		ClaimedJob job = this.jobs.workerProtocol().claim(this.queue, Duration.ofMillis(300)).orElse(null);
		if (job == null) {
			return;
		}
		this.running.add(job);
		try {
			this.executions.computeIfAbsent(job.id(), (id) -> new java.util.concurrent.CopyOnWriteArrayList<>())
				.add(Thread.currentThread().getName());
			sleep(this.workMillis);
			if (this.jobs.workerProtocol().complete(job, Map.of("by", Thread.currentThread().getName()))) {
				this.lastCompleted.set(index, System.nanoTime());
			}
			else {
				this.claimsLost.incrementAndGet();
			}
		}
		finally {
			this.running.remove(job);
		}
	}

	private void extendLeases() {
		sleep(this.visibility.toMillis() / 3);
		List<ClaimedJob> snapshot = List.copyOf(this.running);
		if (!snapshot.isEmpty()) {
			this.jobs.workerProtocol().extendLeases(snapshot);
		}
	}

	private void sweep() {
		sleep(this.visibility.toMillis() / 4);
		this.jobs.admin().reclaimStuck(this.queue);
		this.lastSweep.set(System.nanoTime());
	}

	/**
	 * @return the workers of each execution, per job id
	 */
	Map<String, List<String>> executions() {
		return this.executions;
	}

	/**
	 * @return exceptions the threads caught, by simple class name
	 */
	Map<String, AtomicInteger> errors() {
		return this.errors;
	}

	/**
	 * @return completes that were rejected because the claim had been lost
	 */
	int claimsLost() {
		return this.claimsLost.get();
	}

	/**
	 * Returns whether every worker thread has completed a job after the given instant.
	 * @param nanos a {@link System#nanoTime()} value
	 * @return whether all recovered
	 */
	boolean allCompletedSince(long nanos) {
		for (int i = 0; i < this.lastCompleted.length(); i++) {
			if (this.lastCompleted.get(i) - nanos <= 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns whether any worker thread has completed a job after the given instant.
	 * @param nanos a {@link System#nanoTime()} value
	 * @return whether one recovered
	 */
	boolean anyCompletedSince(long nanos) {
		for (int i = 0; i < this.lastCompleted.length(); i++) {
			if (this.lastCompleted.get(i) - nanos > 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns whether the sweeper has finished a sweep after the given instant.
	 * @param nanos a {@link System#nanoTime()} value
	 * @return whether it recovered
	 */
	boolean sweptSince(long nanos) {
		return this.lastSweep.get() - nanos > 0;
	}

	/**
	 * @return how many of the threads are alive
	 */
	long aliveThreads() {
		return this.threads.stream().filter(Thread::isAlive).count();
	}

	/**
	 * @return how many threads were started
	 */
	int threadCount() {
		return this.threads.size();
	}

	@Override
	public void close() {
		this.stopped = true;
		for (Thread thread : this.threads) {
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
