package dev.jobqueue;

/**
 * What a cancel did.
 *
 * @param queue the queue name
 * @param id the job id
 * @param outcome what happened
 * @param previousStatus the job's status before the cancel ({@code pending},
 * {@code delayed}, {@code processing}, {@code completed}, {@code failed},
 * {@code cancelled}), or empty when there was no such job
 */
public record JobCancellation(String queue, String id, Outcome outcome, String previousStatus) {

	/**
	 * Whether this cancel ended the job: it will never complete.
	 * @return true for {@link Outcome#CANCELLED} and {@link Outcome#CANCELLED_RUNNING}
	 */
	public boolean cancelled() {
		return this.outcome == Outcome.CANCELLED || this.outcome == Outcome.CANCELLED_RUNNING;
	}

	/**
	 * The outcomes of a cancel.
	 */
	public enum Outcome {

		/**
		 * A pending or delayed job was removed atomically and will never run; its status
		 * is {@code cancelled}.
		 */
		CANCELLED,

		/**
		 * A running job was cancelled: its status is {@code cancelled} at once, its
		 * worker's late completion or failure is rejected, and its worker is told (the
		 * handler's {@code JobContext} reports it, and its thread is interrupted when the
		 * handler allows it).
		 */
		CANCELLED_RUNNING,

		/**
		 * The job had already finished (completed, failed or cancelled); nothing changed.
		 */
		ALREADY_FINISHED,

		/**
		 * No job with this id exists (never enqueued, or finished and expired or
		 * deleted); nothing changed.
		 */
		NOT_FOUND

	}

}
