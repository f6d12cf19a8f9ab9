package dev.jobqueue.sample;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.QueueCounters;
import dev.jobqueue.QueueStats;

/**
 * The queue's statistics as the demo page shows them. The reference's reset zeroes the
 * page's totals, while the library's counters never go backwards (the meters built on
 * them need that), so the page counts from the counters as they stood at its last reset.
 */
final class DemoStats {

	private final JobQueueAdmin admin;

	private final String queue;

	private volatile QueueCounters baseline;

	DemoStats(JobQueueAdmin admin, String queue) {
		this.admin = admin;
		this.queue = queue;
		this.baseline = new QueueCounters(queue, 0, 0, 0, 0, 0);
	}

	/**
	 * Starts the page's totals from zero again.
	 */
	void resetTotals() {
		this.baseline = this.admin.counters(this.queue);
	}

	/**
	 * Reads the queue's depths and this process's totals since the page's last reset.
	 * @return the statistics
	 */
	QueueStats read() {
		QueueStats stats = this.admin.stats(this.queue);
		QueueCounters at = this.baseline;
		return new QueueStats(stats.queue(), stats.enqueuedTotal() - at.enqueued(),
				stats.completedTotal() - at.completed(), stats.failedTotal() - at.failed(),
				stats.retriedTotal() - at.retried(), stats.reclaimedTotal() - at.reclaimed(), stats.pendingDepth(),
				stats.processingDepth(), stats.completedDepth(), stats.failedDepth(), stats.visibilityMs(),
				stats.delayedDepth());
	}

}
