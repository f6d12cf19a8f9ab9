package dev.jobqueue.worker;

import java.util.function.BooleanSupplier;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.CompleteAndClaimResult;
import dev.jobqueue.FailOutcome;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobPayloadException;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs one claimed job on the calling worker thread: routes it to its handler, converts
 * the payload, calls the handler and records the outcome with complete or fail.
 * Unreadable payloads and unroutable jobs fail for good; exceptions and errors from the
 * handler fail with a retry. A completion may claim the worker's next job in the same
 * round trip.
 */
final class JobExecutor {

	private static final Log logger = LogFactory.getLog(JobExecutor.class);

	private final String queue;

	private final JobWorkerProtocol operations;

	private final JobPayloadConverter converter;

	private final JobRouter router;

	JobExecutor(String queue, JobWorkerProtocol operations, JobPayloadConverter converter, JobRouter router) {
		this.queue = queue;
		this.operations = operations;
		this.converter = converter;
		this.router = router;
	}

	/**
	 * Runs the job and records its outcome.
	 * @param entry the job
	 * @param claimNext asked when the job is completed: whether the completion also
	 * claims a pending job, left in {@code entry.next}
	 * @return the outcome
	 */
	JobOutcome execute(InFlightJob entry, BooleanSupplier claimNext) {
		ClaimedJob job = entry.job;
		int maxAttempts = this.operations.settings(this.queue).maxAttempts();
		JobHandlerInvoker invoker;
		@Nullable Object[] arguments;
		try {
			invoker = this.router.route(job, this.converter);
		}
		catch (JobRouter.JobRoutingException ex) {
			return fail(entry, ex.getMessage(), false);
		}
		try {
			arguments = invoker.arguments(job, this.converter, maxAttempts);
		}
		catch (JobPayloadException ex) {
			return fail(entry, "payload does not fit " + invoker.describePayloadType() + " of @JobHandler "
					+ JobHandlerEndpoint.describe(invoker.endpoint().method()) + ": " + ex.getMessage(), false);
		}
		Object result;
		try {
			result = invoker.invoke(arguments);
		}
		catch (Throwable ex) {
			Thread.interrupted();
			if (entry.released) {
				return JobOutcome.RELEASED;
			}
			logger.debug("Job " + job.id() + " of queue '" + this.queue + "' threw", ex);
			return fail(entry, describe(ex), true);
		}
		Thread.interrupted();
		if (entry.released) {
			return JobOutcome.RELEASED;
		}
		return complete(entry, result, claimNext);
	}

	private JobOutcome complete(InFlightJob entry, @Nullable Object result, BooleanSupplier claimNext) {
		ClaimedJob job = entry.job;
		entry.finishing = true;
		try {
			boolean completed;
			if (claimNext.getAsBoolean()) {
				CompleteAndClaimResult done = this.operations.completeAndClaim(job, result, 1);
				completed = done.completed();
				entry.next = done.claimed().isEmpty() ? null : done.claimed().get(0);
			}
			else {
				completed = this.operations.complete(job, result);
			}
			if (completed) {
				return JobOutcome.COMPLETED;
			}
			return rejected(entry, "completion");
		}
		catch (JobPayloadException ex) {
			return fail(entry, "result cannot be written as JSON: " + ex.getMessage(), false);
		}
		catch (RuntimeException ex) {
			logger.error("Could not complete job " + job.id() + " of queue '" + this.queue
					+ "'; it stays in processing until a sweep reclaims it", ex);
			return JobOutcome.ERROR;
		}
	}

	private JobOutcome fail(InFlightJob entry, String error, boolean retryable) {
		ClaimedJob job = entry.job;
		entry.finishing = true;
		try {
			FailOutcome outcome = this.operations.fail(job, error, retryable);
			return switch (outcome) {
				case RETRIED -> JobOutcome.RETRIED;
				case FAILED -> {
					logger.warn("Job " + job.id() + " of queue '" + this.queue + "' failed for good on attempt "
							+ job.attempts() + ": " + error);
					yield JobOutcome.FAILED;
				}
				case REJECTED -> rejected(entry, "failure");
			};
		}
		catch (RuntimeException ex) {
			logger.error("Could not fail job " + job.id() + " of queue '" + this.queue
					+ "'; it stays in processing until a sweep reclaims it", ex);
			return JobOutcome.ERROR;
		}
	}

	private JobOutcome rejected(InFlightJob entry, String what) {
		if (entry.released) {
			return JobOutcome.RELEASED;
		}
		logger.warn("Late " + what + " of job " + entry.job.id() + " of queue '" + this.queue
				+ "' rejected: this worker no longer holds its claim"
				+ (entry.lost ? " (its lease was lost)" : " (it was reclaimed, deleted or finished elsewhere)"));
		return JobOutcome.REJECTED;
	}

	private static String describe(Throwable ex) {
		String message = ex.getMessage();
		return (message != null) ? ex.getClass().getName() + ": " + message : ex.getClass().getName();
	}

}
