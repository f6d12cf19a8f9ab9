package dev.jobqueue.worker;

import dev.jobqueue.ClaimedJob;
import org.jspecify.annotations.Nullable;

/**
 * A job between claim and recorded outcome, with the thread that runs it and what
 * happened to its claim meanwhile.
 */
final class InFlightJob {

	final ClaimedJob job;

	/** The worker thread running the handler, to interrupt at the shutdown deadline. */
	volatile @Nullable Thread thread;

	/**
	 * Whether a lease extension found the claim gone, so a rejected outcome is expected.
	 */
	volatile boolean lost;

	/**
	 * Whether the handler is done and the outcome is being recorded: no lease is extended
	 * for it, and a lease check that finds it already finished is no news.
	 */
	volatile boolean finishing;

	/**
	 * Whether shutdown handed the job back to pending, so its outcome is not recorded.
	 */
	volatile boolean released;

	/**
	 * Whether the job was cancelled while it runs: its status is already
	 * {@code cancelled}, so its outcome is not recorded.
	 */
	volatile boolean cancelled;

	/** Whether the handler allows its thread to be interrupted on a cancel. */
	volatile boolean interruptOnCancel;

	/** The job's progress reports, once its handler runs. */
	volatile @Nullable JobControl control;

	/**
	 * The job claimed in the same round trip as this one's completion, for the same
	 * worker to run next.
	 */
	@Nullable ClaimedJob next;

	InFlightJob(ClaimedJob job) {
		this.job = job;
	}

}
