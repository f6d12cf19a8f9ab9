package dev.jobqueue;

/**
 * Depths of a queue's four lists, read from Redis, and the counters of this process, as
 * the reference's {@code stats()}.
 *
 * @param queue the queue name
 * @param enqueuedTotal jobs enqueued by this process
 * @param completedTotal jobs completed by this process
 * @param failedTotal jobs this process failed for good (by a worker or a sweep)
 * @param retriedTotal failures this process sent back to pending
 * @param reclaimedTotal stale jobs this process returned to pending
 * @param pendingDepth length of the pending list
 * @param processingDepth length of the processing list
 * @param completedDepth length of the completed history
 * @param failedDepth length of the failed history
 * @param visibilityMs the queue's visibility timeout in milliseconds
 * @param delayedDepth number of delayed jobs and retries waiting for their backoff
 */
public record QueueStats(String queue, long enqueuedTotal, long completedTotal, long failedTotal, long retriedTotal,
		long reclaimedTotal, long pendingDepth, long processingDepth, long completedDepth, long failedDepth,
		long visibilityMs, long delayedDepth) {
}
