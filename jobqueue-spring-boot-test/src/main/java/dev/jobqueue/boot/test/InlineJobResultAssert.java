package dev.jobqueue.boot.test;

import dev.jobqueue.worker.JobOutcome;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;

/**
 * AssertJ assertions on a job run inline; get one from
 * {@link JobQueueAssertions#assertThat(InlineJobResult)}.
 */
public class InlineJobResultAssert extends AbstractObjectAssert<InlineJobResultAssert, InlineJobResult> {

	InlineJobResultAssert(InlineJobResult actual) {
		super(actual, InlineJobResultAssert.class);
	}

	/**
	 * Verifies how the run ended.
	 * @param outcome the expected outcome
	 * @return this
	 */
	public InlineJobResultAssert hasOutcome(JobOutcome outcome) {
		isNotNull();
		if (this.actual.outcome() != outcome) {
			failWithMessage("Expected job %s of queue '%s' to end %s but it ended %s%s", this.actual.id(),
					this.actual.queue(), outcome.tagValue(), this.actual.outcome().tagValue(),
					(this.actual.error() != null) ? ": " + this.actual.error() : "");
		}
		return this;
	}

	/**
	 * Verifies that the handler returned and its result could be stored.
	 * @return this
	 */
	public InlineJobResultAssert isCompleted() {
		return hasOutcome(JobOutcome.COMPLETED);
	}

	/**
	 * Verifies that a worker would retry the job.
	 * @return this
	 */
	public InlineJobResultAssert isRetried() {
		return hasOutcome(JobOutcome.RETRIED);
	}

	/**
	 * Verifies that a worker would fail the job for good.
	 * @return this
	 */
	public InlineJobResultAssert isFailed() {
		return hasOutcome(JobOutcome.FAILED);
	}

	/**
	 * Verifies that the stored error would contain the given text.
	 * @param text the expected part
	 * @return this
	 */
	public InlineJobResultAssert hasErrorContaining(String text) {
		isNotNull();
		String error = this.actual.error();
		if (error == null || !error.contains(text)) {
			failWithMessage("Expected the error of job %s to contain <%s> but it is <%s>", this.actual.id(), text,
					error);
		}
		return this;
	}

	/**
	 * Returns an assertion on the result as a worker would store it, read back into a
	 * type.
	 * @param <T> the type
	 * @param type the type
	 * @return an assertion on the result
	 */
	public <T> ObjectAssert<T> result(Class<T> type) {
		isCompleted();
		return Assertions.assertThat(this.actual.<T>resultAs(type));
	}

	/**
	 * Returns an assertion on what the handler threw.
	 * @return an assertion on the exception
	 */
	public AbstractThrowableAssert<?, ? extends Throwable> exception() {
		isNotNull();
		if (this.actual.exception() == null) {
			failWithMessage("Expected job %s to have thrown, but it completed", this.actual.id());
		}
		return Assertions.assertThat(this.actual.exception());
	}

}
