package dev.jobqueue.boot.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.QueueCounters;
import dev.jobqueue.QueueStats;
import dev.jobqueue.worker.JobExecutionListener;
import dev.jobqueue.worker.JobOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Meters of every known queue: gauges {@code jobqueue.jobs} (tags {@code queue},
 * {@code state}: pending, processing, completed, failed, delayed) fed by a background
 * refresh of the depths, so a scrape never waits for Redis; counters
 * {@code jobqueue.jobs.enqueued|completed|failed|retried|reclaimed} (tag {@code queue})
 * on this process's totals; and timers {@code jobqueue.execution} and
 * {@code jobqueue.wait} (tags {@code queue}, {@code outcome}) recorded by the workers.
 */
public final class JobQueueMetrics implements MeterBinder, JobExecutionListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(JobQueueMetrics.class);

	private static final String[] STATES = { "pending", "processing", "completed", "failed", "delayed" };

	private static final int OUTCOMES = JobOutcome.values().length;

	private final JobQueueAdmin admin;

	private final Supplier<? extends Collection<String>> queues;

	private final Duration refreshInterval;

	private final Map<String, QueueStats> depths = new ConcurrentHashMap<>();

	private final Map<String, Boolean> paused = new ConcurrentHashMap<>();

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	private volatile @Nullable MeterRegistry registry;

	/**
	 * The timers of each queue, by outcome: built once, so a finished job records without
	 * building tags or looking its meter up in the registry. Emptied when the registry
	 * changes.
	 */
	private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();

	private @Nullable ScheduledThreadPoolExecutor refresher;

	/**
	 * Creates the meters' source.
	 * @param admin the queue admin client
	 * @param queues the queues to measure, read at every refresh
	 * @param refreshInterval how often depths are read from Redis
	 */
	public JobQueueMetrics(JobQueueAdmin admin, Supplier<? extends Collection<String>> queues,
			Duration refreshInterval) {
		this.admin = admin;
		this.queues = queues;
		this.refreshInterval = refreshInterval;
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		this.registry = registry;
		this.timers.clear();
		if (this.refresher == null) {
			CustomizableThreadFactory threads = new CustomizableThreadFactory("jobqueue-metrics-");
			threads.setDaemon(true);
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
			long millis = Math.max(this.refreshInterval.toMillis(), 10);
			executor.scheduleWithFixedDelay(this::refresh, 0, millis, TimeUnit.MILLISECONDS);
			this.refresher = executor;
		}
	}

	/**
	 * Reads the depths of every queue once and registers the meters of queues seen for
	 * the first time.
	 */
	void refresh() {
		MeterRegistry target = this.registry;
		for (String queue : this.queues.get()) {
			try {
				this.depths.put(queue, this.admin.stats(queue));
				this.paused.put(queue, this.admin.isPaused(queue));
			}
			catch (RuntimeException ex) {
				logger.debug("Could not read the depths of queue '" + queue + "'", ex);
			}
			if (target != null && this.registered.add(queue)) {
				register(target, queue);
			}
		}
	}

	private void register(MeterRegistry registry, String queue) {
		for (String state : STATES) {
			Gauge.builder("jobqueue.jobs", this, (metrics) -> metrics.depth(queue, state))
				.description("Jobs in a state, as last read from Redis")
				.tag("queue", queue)
				.tag("state", state)
				.baseUnit("jobs")
				.strongReference(true)
				.register(registry);
		}
		Gauge.builder("jobqueue.queue.paused", this, (metrics) -> metrics.paused(queue))
			.description("1 while the queue is paused for every instance, 0 otherwise, as last read from Redis")
			.tag("queue", queue)
			.strongReference(true)
			.register(registry);
		counter(registry, queue, "enqueued", "Jobs this application enqueued", QueueCounters::enqueued);
		counter(registry, queue, "completed", "Jobs this application completed", QueueCounters::completed);
		counter(registry, queue, "failed", "Jobs this application failed for good", QueueCounters::failed);
		counter(registry, queue, "retried", "Failed attempts this application sent back to pending",
				QueueCounters::retried);
		counter(registry, queue, "reclaimed", "Stale jobs this application's sweeps returned to pending",
				QueueCounters::reclaimed);
	}

	private void counter(MeterRegistry registry, String queue, String name, String description,
			ToDoubleFunction<QueueCounters> value) {
		FunctionCounter.builder("jobqueue.jobs." + name, this.admin, (ops) -> value.applyAsDouble(ops.counters(queue)))
			.description(description)
			.tag("queue", queue)
			.baseUnit("jobs")
			.register(registry);
	}

	private double paused(String queue) {
		Boolean paused = this.paused.get(queue);
		if (paused == null) {
			return Double.NaN;
		}
		return paused ? 1 : 0;
	}

	private double depth(String queue, String state) {
		QueueStats stats = this.depths.get(queue);
		if (stats == null) {
			return Double.NaN;
		}
		return switch (state) {
			case "pending" -> stats.pendingDepth();
			case "processing" -> stats.processingDepth();
			case "completed" -> stats.completedDepth();
			case "delayed" -> stats.delayedDepth();
			default -> stats.failedDepth();
		};
	}

	@Override
	public void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime) {
		MeterRegistry target = this.registry;
		if (target == null) {
			return;
		}
		Timer[] queueTimers = this.timers.computeIfAbsent(job.queue(), (queue) -> new Timer[OUTCOMES * 2]);
		int index = outcome.ordinal() * 2;
		timer(queueTimers, index, "jobqueue.execution", "Time from the start of a handler to its recorded outcome", job,
				outcome, target)
			.record(executionTime);
		Instant enqueuedAt = job.enqueuedAt();
		if (enqueuedAt != null) {
			long waitMillis = job.claimedAt().toEpochMilli() - enqueuedAt.toEpochMilli();
			timer(queueTimers, index + 1, "jobqueue.wait", "Time from enqueue to the claim that started this run", job,
					outcome, target)
				.record(Math.max(waitMillis, 0), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Returns a queue's timer of one outcome, registering it on first use.
	 */
	private static Timer timer(Timer[] queueTimers, int index, String name, String description, ClaimedJob job,
			JobOutcome outcome, MeterRegistry target) {
		Timer timer = queueTimers[index];
		if (timer == null) {
			timer = Timer.builder(name)
				.description(description)
				.tag("queue", job.queue())
				.tag("outcome", outcome.tagValue())
				.register(target);
			queueTimers[index] = timer;
		}
		return timer;
	}

	/**
	 * Stops the background refresh.
	 */
	@Override
	public synchronized void destroy() {
		if (this.refresher != null) {
			this.refresher.shutdownNow();
			this.refresher = null;
		}
	}

}
