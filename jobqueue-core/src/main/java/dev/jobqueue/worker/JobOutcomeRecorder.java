package dev.jobqueue.worker;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.CompleteAndClaimResult;
import dev.jobqueue.FailOutcome;
import dev.jobqueue.JobPayloadException;
import dev.jobqueue.JobWorkerProtocol;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Records the outcome of one attempt of a queue's jobs with complete or fail, and logs
 * it: a completion may claim the worker's next job in the same round trip; an outcome
 * that comes after the worker lost its claim is rejected and logged, unless the job was
 * released or cancelled meanwhile.
 */
final class JobOutcomeRecorder {

	// the executor's category: where users look for (and tune) what happened to a job
	private static final Log logger = LogFactory.getLog(JobExecutor.class);

	private final String queue;

	private final JobWorkerProtocol operations;

	private final JobFailureLogger failures = new JobFailureLogger();

	JobOutcomeRecorder(String queue, JobWorkerProtocol operations) {
		this.queue = queue;
		this.operations = operations;
	}

	/**
	 * Completes an attempt with what its handler returned.
	 * @param claimNext asked once: whether the completion also claims the worker's next
	 * job, which is then left in {@link InFlightJob#next}
	 */
	JobOutcome complete(InFlightJob entry, JobContext context, @Nullable Object result, BooleanSupplier claimNext) {
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
			return failForGood(entry, context, "result cannot be written as JSON: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.error("Could not complete job " + job.id() + " of queue '" + this.queue
					+ "'; it stays in processing until a sweep reclaims it", ex);
			return JobOutcome.ERROR;
		}
	}

	/**
	 * Fails an attempt for good, with no exception of a handler behind it (an unreadable
	 * payload, no handler for it, a result that cannot be written).
	 */
	JobOutcome failForGood(InFlightJob entry, JobContext context, String error) {
		return fail(entry, context, error, null, false, null);
	}

	/**
	 * Fails an attempt: back to pending (after {@code delay}, if any) when retryable and
	 * attempts remain, else for good.
	 */
	JobOutcome fail(InFlightJob entry, JobContext context, String error, @Nullable Throwable exception,
			boolean retryable, @Nullable Duration delay) {
		ClaimedJob job = entry.job;
		entry.finishing = true;
		String attempt = "Job " + job.id() + " of queue '" + this.queue + "' failed on attempt " + context.attempt()
				+ " of " + context.maxAttempts();
		try {
			Duration wait = (delay != null) ? delay : Duration.ZERO;
			FailOutcome outcome = this.operations.fail(job, error, retryable, wait);
			return switch (outcome) {
				case RETRIED -> {
					String when = wait.isZero() ? "retrying: " : "retrying in " + JobExecutor.describe(wait) + ": ";
					this.failures.retried(attempt + ", " + when + error, exception);
					yield JobOutcome.RETRIED;
				}
				case FAILED -> {
					String why = (!retryable && exception != null) ? " (not retryable)" : "";
					this.failures.failed(attempt + " for good" + why + ": " + error, exception);
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

	/**
	 * Leaves the outcome of a job cancelled while it ran unrecorded: the cancel already
	 * finished it.
	 */
	JobOutcome cancelled(InFlightJob entry) {
		logger.info("Job " + entry.job.id() + " of queue '" + this.queue
				+ "' was cancelled while it ran; its outcome is not recorded");
		return JobOutcome.CANCELLED;
	}

	private JobOutcome rejected(InFlightJob entry, String what) {
		if (entry.released) {
			return JobOutcome.RELEASED;
		}
		if (entry.cancelled) {
			return cancelled(entry);
		}
		logger.warn("Late " + what + " of job " + entry.job.id() + " of queue '" + this.queue
				+ "' rejected: this worker no longer holds its claim" + (entry.lost ? " (its lease was lost)"
						: " (it was reclaimed, cancelled, deleted or finished elsewhere)"));
		return JobOutcome.REJECTED;
	}

}
