package dev.jobqueue.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueOperations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * The demo's pool of named workers ({@code worker-1}, {@code worker-2}, ...) on one queue, which the
 * page resizes, starts and stops at run time as the reference's {@code WorkerPool} does: growing
 * adds workers at the end, shrinking stops the last ones, and a stopped worker finishes its current
 * job first.
 */
final class DemoWorkerPool implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DemoWorkerPool.class);

	private static final Duration CLAIM_TIMEOUT = Duration.ofMillis(500);

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

	private final JobQueueOperations jobs;

	private final JsonMapper json;

	private final SimulatedWork work;

	private final String queue;

	private final int initialSize;

	private final List<Worker> workers = new ArrayList<>();

	/** Every worker thread still alive, including those of removed or stopped workers finishing a job. */
	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	private volatile boolean lifecycleRunning;

	DemoWorkerPool(JobQueueOperations jobs, JsonMapper json, SimulatedWork work, SampleProperties properties) {
		this.jobs = jobs;
		this.json = json;
		this.work = work;
		this.queue = properties.getQueue();
		this.initialSize = properties.getWorkers();
	}

	synchronized void resize(int size) {
		while (this.workers.size() < size) {
			this.workers.add(new Worker("worker-" + (this.workers.size() + 1)));
		}
		while (this.workers.size() > size) {
			this.workers.remove(this.workers.size() - 1).stop();
		}
	}

	synchronized void startWorkers() {
		this.workers.forEach(Worker::start);
	}

	synchronized void stopWorkers() {
		this.workers.forEach(Worker::stop);
	}

	/**
	 * Stops every worker and waits until every worker thread, removed ones included, has finished
	 * its current job.
	 * @param timeout how long to wait at most
	 * @return whether all workers ended in time
	 */
	boolean stopAndWait(Duration timeout) {
		stopWorkers();
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Thread thread : List.copyOf(this.threads)) {
			long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (remaining <= 0) {
				return this.threads.isEmpty();
			}
			try {
				thread.join(remaining);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return this.threads.isEmpty();
	}

	synchronized int size() {
		return this.workers.size();
	}

	synchronized int running() {
		return (int) this.workers.stream().filter(Worker::isAlive).count();
	}

	@Override
	public void start() {
		if (this.initialSize > 0) {
			resize(this.initialSize);
			startWorkers();
		}
		this.lifecycleRunning = true;
	}

	@Override
	public void stop() {
		if (!stopAndWait(SHUTDOWN_WAIT)) {
			logger.warn("Some demo workers were still busy after " + SHUTDOWN_WAIT.toSeconds() + " s");
		}
		this.lifecycleRunning = false;
	}

	@Override
	public boolean isRunning() {
		return this.lifecycleRunning;
	}

	/**
	 * A named worker. Each start runs a new loop with its own stop flag, so a loop that was told to
	 * stop never comes back to life when the worker is started again while it finishes its job.
	 */
	private final class Worker {

		private final String name;

		private volatile @Nullable Loop loop;

		Worker(String name) {
			this.name = name;
		}

		synchronized void start() {
			if (isAlive()) {
				return;
			}
			Loop started = new Loop();
			Thread thread = new Thread(started, "demo-" + this.name);
			thread.setDaemon(true);
			started.thread = thread;
			this.loop = started;
			DemoWorkerPool.this.threads.add(thread);
			thread.start();
		}

		void stop() {
			Loop current = this.loop;
			if (current != null) {
				current.stopRequested = true;
			}
		}

		boolean isAlive() {
			Loop current = this.loop;
			return current != null && !current.stopRequested && current.thread != null && current.thread.isAlive();
		}

		private final class Loop implements Runnable {

			volatile boolean stopRequested;

			volatile @Nullable Thread thread;

			@Override
			public void run() {
				try {
					while (!this.stopRequested) {
						if (!claimAndProcess()) {
							return;
						}
					}
				}
				finally {
					DemoWorkerPool.this.threads.remove(Thread.currentThread());
				}
			}

		}

		private boolean claimAndProcess() {
			Optional<ClaimedJob> claimed;
			try {
				claimed = DemoWorkerPool.this.jobs.claim(DemoWorkerPool.this.queue, CLAIM_TIMEOUT);
			}
			catch (RuntimeException ex) {
				logger.warn(this.name + " could not claim: " + ex.getMessage());
				return pause();
			}
			return claimed.isEmpty() || process(claimed.get());
		}

		private boolean process(ClaimedJob job) {
			SimulatedWork work = DemoWorkerPool.this.work;
			SimulatedWork.Outcome outcome = work.roll();
			try {
				work.work();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			try {
				switch (outcome) {
					case HANG -> logger.debug(this.name + " hangs on job " + job.id());
					case FAIL -> DemoWorkerPool.this.jobs.fail(job, work.failureMessage(this.name));
					case COMPLETE -> DemoWorkerPool.this.jobs.complete(job,
							work.complete(this.name, payload(job), job.attempts()));
				}
			}
			catch (RuntimeException ex) {
				logger.warn(this.name + " could not finish job " + job.id() + ": " + ex.getMessage());
			}
			return true;
		}

		private JsonNode payload(ClaimedJob job) {
			return DemoWorkerPool.this.json.readTree(job.payload());
		}

		private boolean pause() {
			try {
				Thread.sleep(100);
				return true;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

	}

}
