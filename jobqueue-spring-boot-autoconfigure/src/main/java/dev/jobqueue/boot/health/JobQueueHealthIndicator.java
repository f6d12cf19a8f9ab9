package dev.jobqueue.boot.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.QueueStats;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.worker.JobWorkerContainer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Reports what Spring Boot's own Redis health contributor cannot: whether the queues
 * answer within a bound, their backlog, and whether every worker container that should
 * claim does, at its current concurrency. Down when the depths are not read in time or a
 * container that should run has stopped.
 */
public final class JobQueueHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	private final JobQueueAdmin admin;

	private final JobQueueCatalog catalog;

	private final Duration timeout;

	private final ExecutorService reader = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "jobqueue-health");
		thread.setDaemon(true);
		return thread;
	});

	private @Nullable Future<Map<String, Object>> read;

	/**
	 * Creates the indicator.
	 * @param admin the queue admin that reads the depths
	 * @param catalog the queues and worker containers of this application
	 * @param timeout how long a check waits for Redis before reporting down; while Redis
	 * is unreachable, Lettuce holds commands up to its command timeout (60 s by default),
	 * so without a bound of its own the check would hang through an outage
	 */
	public JobQueueHealthIndicator(JobQueueAdmin admin, JobQueueCatalog catalog, Duration timeout) {
		super("jobqueue health check failed");
		this.admin = admin;
		this.catalog = catalog;
		this.timeout = timeout;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean up = true;
		Map<String, Object> workers = new LinkedHashMap<>();
		for (JobWorkerContainer container : this.catalog.getContainers()) {
			boolean running = container.isRunning();
			up &= running || !container.isAutoStartup() || !this.catalog.isWorkerRegistryRunning();
			workers.put(container.getQueue(), Map.of("running", running, "concurrency", container.getConcurrency(),
					"active", container.getActiveCount()));
		}
		builder.withDetail("workers", workers);
		try {
			builder.withDetail("queues", depths());
		}
		catch (Exception ex) {
			up = false;
			builder.withException(ex);
		}
		builder.status(up ? Status.UP : Status.DOWN);
	}

	/**
	 * Reads the depths of every known queue on the indicator's own thread, waiting at
	 * most the timeout. A read still unanswered from an earlier check is waited for again
	 * rather than joined by another, so an outage blocks one thread, not one per check.
	 */
	private Map<String, Object> depths() throws Exception {
		Future<Map<String, Object>> pending;
		synchronized (this) {
			if (this.read == null || this.read.isDone()) {
				this.read = this.reader.submit(this::readDepths);
			}
			pending = this.read;
		}
		try {
			return pending.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Redis did not answer within " + this.timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

	private Map<String, Object> readDepths() {
		Map<String, Object> queues = new LinkedHashMap<>();
		for (String queue : this.catalog.getQueueNames()) {
			QueueStats stats = this.admin.stats(queue);
			queues.put(queue, Map.of("pending", stats.pendingDepth(), "processing", stats.processingDepth(), "paused",
					this.admin.isPaused(queue)));
		}
		return queues;
	}

	@Override
	public void destroy() {
		this.reader.shutdownNow();
	}

}
