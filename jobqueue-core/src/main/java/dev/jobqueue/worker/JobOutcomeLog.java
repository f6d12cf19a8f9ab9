package dev.jobqueue.worker;

import java.time.Duration;

import dev.jobqueue.ClaimedJob;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs what became of the attempts of one queue's jobs, off the job path, under the
 * {@link JobExecutor}'s category (where users look for, and tune, what happened to a
 * job): failed attempts through the rate-limited {@link JobFailureLogger}, cancelled
 * runs, late outcomes of a worker that no longer holds the claim, and outcomes that could
 * not be recorded.
 */
final class JobOutcomeLog {

	private static final Log logger = LogFactory.getLog(JobExecutor.class);

	private final String queue;

	private final JobFailureLogger failures = new JobFailureLogger();

	JobOutcomeLog(String queue) {
		this.queue = queue;
	}

	/**
	 * Logs an attempt that went back to pending, at once or after {@code wait}.
	 */
	void retried(ClaimedJob job, JobContext context, Duration wait, String error, @Nullable Throwable exception) {
		String when = wait.isZero() ? "retrying: " : "retrying in " + describe(wait) + ": ";
		this.failures.retried(attempt(job, context) + ", " + when + error, exception);
	}

	/**
	 * Logs a job that failed for good.
	 * @param retryable whether the attempt was failed as retryable (and ran out of
	 * attempts)
	 */
	void failed(ClaimedJob job, JobContext context, String error, @Nullable Throwable exception, boolean retryable) {
		String why = (!retryable && exception != null) ? " (not retryable)" : "";
		this.failures.failed(attempt(job, context) + " for good" + why + ": " + error, exception);
	}

	private String attempt(ClaimedJob job, JobContext context) {
		return "Job " + job.id() + " of queue '" + this.queue + "' failed on attempt " + context.attempt() + " of "
				+ context.maxAttempts();
	}

	void cancelled(ClaimedJob job) {
		logger.info("Job " + job.id() + " of queue '" + this.queue
				+ "' was cancelled while it ran; its outcome is not recorded");
	}

	/**
	 * Logs an outcome Redis rejected because this worker no longer holds the job's claim.
	 * @param what {@code completion} or {@code failure}
	 * @param lost whether the worker lost the claim's lease
	 */
	void rejected(ClaimedJob job, String what, boolean lost) {
		logger.warn("Late " + what + " of job " + job.id() + " of queue '" + this.queue
				+ "' rejected: this worker no longer holds its claim"
				+ (lost ? " (its lease was lost)" : " (it was reclaimed, cancelled, deleted or finished elsewhere)"));
	}

	/**
	 * Logs an outcome that could not be recorded.
	 * @param what {@code complete} or {@code fail}
	 */
	void notRecorded(ClaimedJob job, String what, RuntimeException ex) {
		logger.error("Could not " + what + " job " + job.id() + " of queue '" + this.queue
				+ "'; it stays in processing until a sweep reclaims it", ex);
	}

	void workerFailed(ClaimedJob job, Throwable ex) {
		logger.error("Worker of queue '" + this.queue + "' failed on job " + job.id(), ex);
	}

	void listenerFailed(JobExecutionListener listener, RuntimeException ex) {
		logger.warn("JobExecutionListener " + listener + " failed", ex);
	}

	/**
	 * Describes a duration for messages: whole seconds as {@code 30s}, else milliseconds
	 * as {@code 1500ms}.
	 */
	static String describe(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
