package dev.jobqueue.worker;

/**
 * Decides what happens to a job whose handler threw: another attempt or failure for good.
 * The worker container records the decision with the queue's fail flow, which fails the
 * job for good on its last attempt whatever the decision; unreadable payloads and jobs no
 * handler accepts never reach it, they always fail for good. Define a bean of this type
 * to replace the {@link DefaultJobErrorHandler}.
 */
@FunctionalInterface
public interface JobErrorHandler {

	/**
	 * Decides on a failed attempt. Called on the worker thread; must be quick and should
	 * not throw (a handler that throws counts as deciding to retry).
	 * @param context the job and its attempt
	 * @param exception what the handler threw
	 * @return the decision, never null
	 */
	JobFailureDecision handle(JobContext context, Throwable exception);

}
