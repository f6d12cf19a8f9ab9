package dev.jobqueue;

/**
 * What this process did on one queue since it started (a purge does not reset them), read
 * without talking to Redis; the totals of the reference's {@code stats()}.
 *
 * @param queue the queue name
 * @param enqueued jobs enqueued
 * @param completed jobs completed
 * @param failed jobs failed for good (by a worker or a sweep)
 * @param retried failures sent back to pending for another attempt
 * @param reclaimed stale jobs a sweep returned to pending
 */
public record QueueCounters(String queue, long enqueued, long completed, long failed, long retried, long reclaimed) {
}
