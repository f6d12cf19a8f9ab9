package dev.jobqueue.worker;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Decides what a failed attempt of one queue's jobs leads to: fail for good, retry at
 * once, or retry after a delay in the delayed set.
 */
final class JobRetryDecisions {

	private static final Log logger = LogFactory.getLog(JobRetryDecisions.class);

	private final String queue;

	private final JobErrorHandler errorHandler;

	JobRetryDecisions(String queue, JobErrorHandler errorHandler) {
		this.queue = queue;
		this.errorHandler = errorHandler;
	}

	/**
	 * Decides on a failed attempt: the error handler first, then the handler's retry
	 * policy (its not-retryable types), then the wait: the error handler's own delay
	 * (such as a {@link RetryJobLaterException}'s) or else the policy's back-off for this
	 * attempt. A back-off that stops fails the job for good.
	 * @return the decision, with the delay resolved
	 */
	JobFailureDecision decide(JobRouter.Handler handler, JobContext context, Throwable exception) {
		JobFailureDecision decision;
		try {
			decision = this.errorHandler.handle(context, exception);
		}
		catch (RuntimeException ex) {
			logger.warn("JobErrorHandler " + this.errorHandler + " failed on job " + context.id() + " of queue '"
					+ this.queue + "'; retrying the job", ex);
			decision = null;
		}
		if (decision != null && !decision.retryable()) {
			return decision;
		}
		if (!handler.retryPolicy.shouldRetry(exception)) {
			return JobFailureDecision.failForGood();
		}
		if (decision != null && decision.delay() != null) {
			return decision;
		}
		if (context.isLastAttempt()) {
			return JobFailureDecision.retry();
		}
		Duration delay = JobRetrySettings.delayOf(handler.retryPolicy, context.attempt());
		return (delay != null) ? JobFailureDecision.retryAfter(delay) : JobFailureDecision.failForGood();
	}

}
