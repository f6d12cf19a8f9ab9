package dev.jobqueue.boot.test;

import java.lang.reflect.Type;

import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.worker.JobOutcome;
import org.jspecify.annotations.Nullable;

/**
 * How one job ended when {@link InlineJobRunner} ran it: what a worker would have
 * recorded.
 *
 * @param queue the queue name
 * @param id the job id
 * @param outcome {@link JobOutcome#COMPLETED}; {@link JobOutcome#RETRIED} when the
 * handler threw and the error handler would retry it (the attempt was not the last);
 * {@link JobOutcome#FAILED} when it would fail for good (last attempt, not retryable, or
 * a payload no handler accepts)
 * @param result what the handler returned, or null
 * @param resultJson the result as a worker would store it, or null when the job failed
 * @param error the error text a worker would store, or null when it completed
 * @param exception what the handler threw (or why the job could not reach one), or null
 * @param converter the converter, to read the result JSON back
 */
public record InlineJobResult(String queue, String id, JobOutcome outcome, @Nullable Object result,
		@Nullable String resultJson, @Nullable String error, @Nullable Throwable exception,
		JobPayloadConverter converter) {

	/**
	 * Whether the handler returned and its result could be stored.
	 * @return true when completed
	 */
	public boolean isCompleted() {
		return this.outcome == JobOutcome.COMPLETED;
	}

	/**
	 * Reads the stored result JSON into a type, as {@code getResult} would.
	 * @param <T> the type
	 * @param type the type
	 * @return the result
	 * @throws AssertionError if the job did not complete
	 */
	public <T> @Nullable T resultAs(Type type) {
		if (this.resultJson == null) {
			throw new AssertionError("Job " + this.id + " of queue '" + this.queue + "' did not complete: "
					+ this.outcome.tagValue() + ", " + this.error, this.exception);
		}
		return this.converter.read(this.resultJson, type);
	}

	/**
	 * Returns the result, rethrowing what the handler threw, for tests that expect the
	 * job to complete.
	 * @return what the handler returned
	 * @throws AssertionError wrapping the handler's exception when it did not complete
	 */
	public @Nullable Object orThrow() {
		if (!isCompleted()) {
			throw new AssertionError("Job " + this.id + " of queue '" + this.queue + "' did not complete: "
					+ this.outcome.tagValue() + ", " + this.error, this.exception);
		}
		return this.result;
	}

	@Override
	public String toString() {
		return "InlineJobResult[queue=" + this.queue + ", id=" + this.id + ", outcome=" + this.outcome.tagValue()
				+ ((this.resultJson != null) ? ", result=" + this.resultJson : "")
				+ ((this.error != null) ? ", error=" + this.error : "") + "]";
	}

}
