package dev.jobqueue.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueOperations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
	 * Stops every worker and waits until their current jobs are done.
	 * @param timeout how long to wait at most
	 * @return whether all workers ended in time
	 */
	boolean stopAndWait(Duration timeout) {
		List<Worker> stopping;
		synchronized (this) {
			stopping = List.copyOf(this.workers);
		}
		stopping.forEach(Worker::stop);
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Worker worker : stopping) {
			if (!worker.await(deadline)) {
				return false;
			}
		}
		return true;
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

	private final class Worker implements Runnable {

		private final String name;

		private volatile boolean stopRequested;

		private volatile Thread thread;

		Worker(String name) {
			this.name = name;
		}

		synchronized void start() {
			if (isAlive()) {
				return;
			}
			this.stopRequested = false;
			Thread started = new Thread(this, "demo-" + this.name);
			started.setDaemon(true);
			this.thread = started;
			started.start();
		}

		void stop() {
			this.stopRequested = true;
		}

		boolean isAlive() {
			Thread current = this.thread;
			return current != null && current.isAlive() && !this.stopRequested;
		}

		boolean await(long deadlineNanos) {
			Thread current = this.thread;
			if (current == null) {
				return true;
			}
			try {
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining > 0) {
					current.join(Duration.ofNanos(remaining).toMillis() + 1);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return !current.isAlive();
		}

		@Override
		public void run() {
			while (!this.stopRequested) {
				Optional<ClaimedJob> claimed;
				try {
					claimed = DemoWorkerPool.this.jobs.claim(DemoWorkerPool.this.queue, CLAIM_TIMEOUT);
				}
				catch (RuntimeException ex) {
					logger.warn(this.name + " could not claim: " + ex.getMessage());
					if (!pause()) {
						return;
					}
					continue;
				}
				if (claimed.isPresent() && !process(claimed.get())) {
					return;
				}
			}
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
