package dev.jobqueue.worker;

import dev.jobqueue.ReclaimResult;

import org.springframework.context.ApplicationEvent;

/**
 * Published by {@link JobQueueReclaimer} after a sweep that returned stale jobs to
 * pending or failed them for good; a sweep that changed nothing publishes none.
 */
public class JobsReclaimedEvent extends ApplicationEvent {

	private final ReclaimResult result;

	/**
	 * Creates the event.
	 * @param source the reclaimer that swept
	 * @param result what the sweep did
	 */
	public JobsReclaimedEvent(Object source, ReclaimResult result) {
		super(source);
		this.result = result;
	}

	/**
	 * Returns the queue that was swept.
	 * @return the queue name
	 */
	public String getQueue() {
		return this.result.queue();
	}

	/**
	 * Returns what the sweep did.
	 * @return the reclaimed and failed ids
	 */
	public ReclaimResult getResult() {
		return this.result;
	}

}
