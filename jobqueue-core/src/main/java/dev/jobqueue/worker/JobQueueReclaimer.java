package dev.jobqueue.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.ReclaimResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Sweeps the processing list of each queue on its own interval, returning jobs whose
 * visibility timeout expired to pending. Runs on its own scheduler thread rather than
 * {@code @Scheduled}, so the application's scheduling stays as the application configured
 * it. Each sweep is one atomic script, so any number of application instances may sweep
 * the same queue at once.
 */
public final class JobQueueReclaimer implements SmartLifecycle, ApplicationEventPublisherAware {

	private static final Log logger = LogFactory.getLog(JobQueueReclaimer.class);

	private final JobQueueAdmin operations;

	private final Supplier<Collection<String>> queues;

	private final Function<String, Duration> interval;

	private volatile @Nullable ScheduledThreadPoolExecutor scheduler;

	private volatile Set<String> swept = Set.of();

	private final Map<String, RedisOutageLog> outages = new ConcurrentHashMap<>();

	private @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * Creates a reclaimer.
	 * @param operations the queue operations
	 * @param queues the queues to sweep, read once at each start
	 * @param interval the sweep interval of each queue
	 */
	public JobQueueReclaimer(JobQueueAdmin operations, Supplier<Collection<String>> queues,
			Function<String, Duration> interval) {
		this.operations = operations;
		this.queues = queues;
		this.interval = interval;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Sweeps one queue now; when the sweep moved jobs, logs them and publishes a
	 * {@link JobsReclaimedEvent}.
	 * @param queue the queue name
	 * @return what the sweep did
	 */
	public ReclaimResult reclaim(String queue) {
		ReclaimResult result = this.operations.reclaimStuck(queue);
		if (!result.isEmpty()) {
			logger.info("Sweep of queue '" + queue + "' returned " + result.reclaimed().size()
					+ " stale jobs to pending " + result.reclaimed() + " and failed " + result.failed().size()
					+ " for good " + result.failed());
			ApplicationEventPublisher publisher = this.eventPublisher;
			if (publisher != null) {
				publisher.publishEvent(new JobsReclaimedEvent(this, result));
			}
		}
		return result;
	}

	/**
	 * Returns the queues swept since the last start.
	 * @return the queue names, empty when stopped
	 */
	public Set<String> getQueues() {
		return this.swept;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		CustomizableThreadFactory threads = new CustomizableThreadFactory("jobqueue-reclaimer-");
		threads.setDaemon(true);
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
		Set<String> names = new LinkedHashSet<>(this.queues.get());
		for (String queue : names) {
			long millis = Math.max(this.interval.apply(queue).toMillis(), 1);
			executor.scheduleWithFixedDelay(() -> sweep(queue), millis, millis, TimeUnit.MILLISECONDS);
		}
		this.swept = Set.copyOf(names);
		this.scheduler = executor;
		logger.debug("Sweeping queues " + names);
	}

	private void sweep(String queue) {
		RedisOutageLog outage = this.outages.computeIfAbsent(queue,
				(name) -> new RedisOutageLog(logger, "Sweeping queue '" + name + "'"));
		try {
			reclaim(queue);
			outage.succeeded();
		}
		catch (RuntimeException ex) {
			if (interrupted(ex)) {
				// stop() interrupts a sweep in flight: that is not Redis failing
				logger.debug("Sweep of queue '" + queue + "' interrupted by stop");
				return;
			}
			outage.failed(ex, "trying again at the next interval");
		}
	}

	private static boolean interrupted(Throwable ex) {
		if (Thread.currentThread().isInterrupted()) {
			return true;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InterruptedException) {
				return true;
			}
		}
		return false;
	}

	@Override
	public synchronized void stop() {
		ScheduledThreadPoolExecutor executor = this.scheduler;
		if (executor != null) {
			executor.shutdownNow();
			this.scheduler = null;
			this.swept = Set.of();
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * Stops together with the worker containers, before the Redis connection factory.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return JobHandlerEndpointRegistry.DEFAULT_PHASE;
	}

}
