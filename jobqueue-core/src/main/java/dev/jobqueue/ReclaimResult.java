package dev.jobqueue;

import java.util.List;

/**
 * What one sweep of a queue's processing list did.
 *
 * @param queue the queue name
 * @param reclaimed ids returned to pending, newest claim first (with a processing list
 * longer than the sweep's window, those found by their expired leases come first)
 * @param failed ids failed for good: stale on their last attempt, or with their hash gone
 */
public record ReclaimResult(String queue, List<String> reclaimed, List<String> failed) {

	/**
	 * Creates the result with unmodifiable copies of the lists.
	 * @param queue see the record description
	 * @param reclaimed see the record description
	 * @param failed see the record description
	 */
	public ReclaimResult {
		reclaimed = List.copyOf(reclaimed);
		failed = List.copyOf(failed);
	}

	/**
	 * Whether the sweep changed nothing.
	 * @return true when no job was reclaimed or failed
	 */
	public boolean isEmpty() {
		return this.reclaimed.isEmpty() && this.failed.isEmpty();
	}

}
