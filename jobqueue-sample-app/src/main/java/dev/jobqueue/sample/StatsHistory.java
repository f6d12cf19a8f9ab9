package dev.jobqueue.sample;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.QueueStats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Samples the queue's statistics once a second and keeps the last five minutes, for the
 * page's throughput and depth chart. Runs on its own thread rather than
 * {@code @Scheduled}, so the demo does not switch on scheduling for the whole
 * application.
 */
final class StatsHistory implements SmartLifecycle {

	static final Duration INTERVAL = Duration.ofSeconds(1);

	static final int CAPACITY = 300;

	private static final Log logger = LogFactory.getLog(StatsHistory.class);

	/**
	 * One sample.
	 *
	 * @param atMs when it was taken, epoch milliseconds
	 * @param completedTotal jobs completed by this process so far
	 * @param failedTotal jobs failed for good by this process so far
	 * @param reclaimedTotal jobs reclaimed by this process so far
	 * @param pendingDepth length of the pending list
	 * @param processingDepth length of the processing list
	 */
	record Sample(long atMs, long completedTotal, long failedTotal, long reclaimedTotal, long pendingDepth,
			long processingDepth) {
	}

	private final DemoStats stats;

	private final Clock clock;

	private final Deque<Sample> samples = new ArrayDeque<>();

	private @Nullable ScheduledExecutorService executor;

	StatsHistory(DemoStats stats, Clock clock) {
		this.stats = stats;
		this.clock = clock;
	}

	void sample() {
		QueueStats stats = this.stats.read();
		Sample sample = new Sample(this.clock.millis(), stats.completedTotal(), stats.failedTotal(),
				stats.reclaimedTotal(), stats.pendingDepth(), stats.processingDepth());
		synchronized (this.samples) {
			this.samples.addLast(sample);
			while (this.samples.size() > CAPACITY) {
				this.samples.removeFirst();
			}
		}
	}

	List<Sample> samples() {
		synchronized (this.samples) {
			return new ArrayList<>(this.samples);
		}
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "demo-stats-history");
			thread.setDaemon(true);
			return thread;
		});
		started.scheduleAtFixedRate(this::sampleQuietly, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		this.executor = started;
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService running = this.executor;
		if (running != null) {
			running.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	private void sampleQuietly() {
		try {
			sample();
		}
		catch (RuntimeException ex) {
			// Redis may be restarting; the chart shows a gap and the next sample goes on.
			logger.debug("Could not sample the queue's statistics", ex);
		}
	}

}
