package dev.jobqueue.sample;

import java.time.Duration;

import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobWorkerContainer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The page's worker pool: the starter's container of the demo queue, which the page
 * resizes, starts and stops at run time as the reference's {@code WorkerPool}. Stopping
 * lets running jobs finish (the container's graceful stop); a start asked for while a
 * stop drains happens as soon as it is done, so no request waits for a slow job.
 */
final class DemoWorkerPool implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DemoWorkerPool.class);

	private final JobHandlerEndpointRegistry registry;

	private final String queue;

	private final int initialSize;

	private int size = 2;

	private boolean wanted;

	private boolean stopping;

	private volatile boolean lifecycleRunning;

	DemoWorkerPool(JobHandlerEndpointRegistry registry, SampleProperties properties) {
		this.registry = registry;
		this.queue = properties.getQueue();
		this.initialSize = properties.getWorkers();
	}

	synchronized void resize(int size) {
		this.size = size;
		if (size == 0) {
			stopWorkers();
			return;
		}
		container().setConcurrency(size);
	}

	synchronized void startWorkers() {
		if (this.size == 0) {
			return;
		}
		this.wanted = true;
		JobWorkerContainer container = container();
		if (!this.stopping && !container.isRunning()) {
			container.start();
		}
	}

	synchronized void stopWorkers() {
		this.wanted = false;
		JobWorkerContainer container = container();
		if (this.stopping || !container.isRunning()) {
			return;
		}
		this.stopping = true;
		container.stop(this::stopped);
	}

	/**
	 * Stops the workers and waits until their running jobs are done or handed back, which
	 * the container does within its shutdown timeout.
	 * @return whether the workers stopped in time
	 */
	synchronized boolean stopAndWait() {
		stopWorkers();
		Duration timeout = container().getSettings().shutdownTimeout().plusSeconds(5);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.stopping) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				return false;
			}
			try {
				wait(Math.max(1, Duration.ofNanos(remaining).toMillis()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns how many workers run, as the reference's {@code running()}.
	 * @return the container's concurrency while it claims, else 0
	 */
	synchronized int running() {
		JobWorkerContainer container = container();
		return (container.isRunning() && !this.stopping) ? container.getConcurrency() : 0;
	}

	private synchronized void stopped() {
		this.stopping = false;
		notifyAll();
		if (this.wanted && this.size > 0) {
			container().start();
		}
	}

	private JobWorkerContainer container() {
		JobWorkerContainer container = this.registry.getContainer(this.queue);
		if (container == null) {
			throw new IllegalStateException("No @JobHandler serves queue '" + this.queue + "'; is jobqueue.queues."
					+ this.queue + ".enabled false?");
		}
		return container;
	}

	@Override
	public void start() {
		if (this.initialSize > 0) {
			logger.info("Starting " + this.initialSize + " demo workers on queue '" + this.queue + "'");
			resize(this.initialSize);
			startWorkers();
		}
		this.lifecycleRunning = true;
	}

	@Override
	public void stop() {
		// The registry drains the containers on shutdown.
		this.lifecycleRunning = false;
	}

	@Override
	public boolean isRunning() {
		return this.lifecycleRunning;
	}

}
