package dev.jobqueue.worker;

import java.time.Duration;

import dev.jobqueue.ClaimedJob;
import org.jspecify.annotations.Nullable;

/**
 * Callbacks around each job a worker container runs, for metrics and tracing. Called on
 * the worker thread; implementations must be quick and must not throw.
 */
public interface JobExecutionListener {

	/**
	 * Called just before the handler runs.
	 * @param job the claimed job
	 */
	default void jobStarted(ClaimedJob job) {
	}

	/**
	 * Called once the outcome is recorded (or could not be).
	 * @param job the claimed job
	 * @param outcome how the run ended
	 * @param executionTime from the start of the handler to the recorded outcome
	 */
	default void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime) {
	}

	/**
	 * Called once the outcome is recorded (or could not be), with what the handler threw;
	 * calls {@link #jobFinished(ClaimedJob, JobOutcome, Duration)} unless overridden.
	 * @param job the claimed job
	 * @param outcome how the run ended
	 * @param executionTime from the start of the handler to the recorded outcome
	 * @param failure what the handler threw (a {@link JobTimeoutException} when it ran
	 * past its deadline), or null when it returned in time
	 */
	default void jobFinished(ClaimedJob job, JobOutcome outcome, Duration executionTime, @Nullable Throwable failure) {
		jobFinished(job, outcome, executionTime);
	}

}
