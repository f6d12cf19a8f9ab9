package dev.jobqueue.worker;

import dev.jobqueue.ClaimedJob;
import org.jspecify.annotations.Nullable;

/**
 * A job between claim and recorded outcome, with the thread that runs it and what happened to its
 * claim meanwhile.
 */
final class InFlightJob {

	final ClaimedJob job;

	/** The worker thread running the handler, to interrupt at the shutdown deadline. */
	volatile @Nullable Thread thread;

	/** Whether a lease extension found the claim gone, so a rejected outcome is expected. */
	volatile boolean lost;

	/** Whether shutdown handed the job back to pending, so its outcome is not recorded. */
	volatile boolean released;

	InFlightJob(ClaimedJob job) {
		this.job = job;
	}

}
