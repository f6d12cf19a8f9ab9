package dev.jobqueue;

import java.util.Map;

/**
 * The flow state of a queue, read from Redis: whether it is paused, how many jobs wait at
 * each priority level and in groups.
 *
 * @param queue the queue name
 * @param paused whether claims are paused for every instance
 * @param levelDepths the number of ungrouped jobs waiting at each priority level, highest
 * level first ({@code normal} is the reference's pending list)
 * @param groupsWaiting the number of groups with waiting jobs
 * @param groupedDepth the number of jobs waiting in groups
 */
public record FlowStatus(String queue, boolean paused, Map<String, Long> levelDepths, long groupsWaiting,
		long groupedDepth) {

	/**
	 * Returns the number of jobs waiting to be claimed: every level and every group.
	 * @return the total
	 */
	public long waiting() {
		return this.levelDepths.values().stream().mapToLong(Long::longValue).sum() + this.groupedDepth;
	}

}
