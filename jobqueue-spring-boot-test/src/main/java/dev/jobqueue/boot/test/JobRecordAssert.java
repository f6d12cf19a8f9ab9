package dev.jobqueue.boot.test;

import java.lang.reflect.Type;

import dev.jobqueue.JacksonJobPayloadConverter;
import dev.jobqueue.JobPayloadConverter;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ObjectAssert;

/**
 * AssertJ assertions on a stored job; get one from
 * {@link JobQueueAssertions#assertThat(JobRecord)}.
 */
public class JobRecordAssert extends AbstractObjectAssert<JobRecordAssert, JobRecord> {

	private JobPayloadConverter converter = new JacksonJobPayloadConverter();

	JobRecordAssert(JobRecord actual) {
		super(actual, JobRecordAssert.class);
	}

	/**
	 * Reads results and payloads with the given converter instead of a default Jackson
	 * one.
	 * @param converter the application's converter
	 * @return this
	 */
	public JobRecordAssert usingConverter(JobPayloadConverter converter) {
		this.converter = converter;
		return this;
	}

	/**
	 * Verifies that the job is in the given state.
	 * @param state the expected state
	 * @return this
	 */
	public JobRecordAssert hasState(JobState state) {
		isNotNull();
		if (this.actual.state() != state) {
			failWithMessage("Expected job %s of queue '%s' to be %s but it is %s after %s attempt(s)%s",
					this.actual.id(), this.actual.queue(), state.value(), this.actual.status(), this.actual.attempts(),
					(this.actual.lastError() != null) ? ", last error: " + this.actual.lastError() : "");
		}
		return this;
	}

	/**
	 * Verifies that the job completed.
	 * @return this
	 */
	public JobRecordAssert isCompleted() {
		return hasState(JobState.COMPLETED);
	}

	/**
	 * Verifies that the job failed for good.
	 * @return this
	 */
	public JobRecordAssert isFailed() {
		return hasState(JobState.FAILED);
	}

	/**
	 * Verifies that the job waits in pending.
	 * @return this
	 */
	public JobRecordAssert isPending() {
		return hasState(JobState.PENDING);
	}

	/**
	 * Verifies the number of claims the job got.
	 * @param attempts the expected number
	 * @return this
	 */
	public JobRecordAssert hasAttempts(int attempts) {
		isNotNull();
		if (this.actual.attempts() != attempts) {
			failWithMessage("Expected job %s to have %s attempt(s) but it has %s", this.actual.id(), attempts,
					this.actual.attempts());
		}
		return this;
	}

	/**
	 * Verifies that the job's last error contains the given text.
	 * @param text the expected part
	 * @return this
	 */
	public JobRecordAssert hasErrorContaining(String text) {
		isNotNull();
		String error = this.actual.lastError();
		if (error == null || !error.contains(text)) {
			failWithMessage("Expected the last error of job %s to contain <%s> but it is <%s>", this.actual.id(), text,
					error);
		}
		return this;
	}

	/**
	 * Verifies that the job has a result and returns an assertion on it, read into a type
	 * as {@code getResult} would.
	 * @param <T> the type
	 * @param type the type
	 * @return an assertion on the result
	 */
	public <T> ObjectAssert<T> result(Class<T> type) {
		return Assertions.assertThat(this.<T>read(this.actual.result(), type, "result"));
	}

	/**
	 * Returns an assertion on the payload, read into a type as a handler would get it.
	 * @param <T> the type
	 * @param type the type
	 * @return an assertion on the payload
	 */
	public <T> ObjectAssert<T> payload(Class<T> type) {
		return Assertions.assertThat(this.<T>read(this.actual.payload(), type, "payload"));
	}

	private <T> T read(String json, Type type, String what) {
		isNotNull();
		if (json == null) {
			failWithMessage("Expected job %s of queue '%s' (%s) to have a %s but it has none", this.actual.id(),
					this.actual.queue(), this.actual.status(), what);
		}
		return this.converter.read(json, type);
	}

}
