package dev.jobqueue.worker;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link DefaultJobErrorHandler}.
 */
class DefaultJobErrorHandlerTests {

	private final JobContext context = new JobContext("q", "id", 1, 3, null, Instant.EPOCH);

	@Test
	void retriesAnyExceptionOrErrorByDefault() {
		DefaultJobErrorHandler handler = new DefaultJobErrorHandler();

		assertThat(handler.handle(this.context, new IllegalStateException())).isEqualTo(JobFailureDecision.retry());
		assertThat(handler.handle(this.context, new StackOverflowError())).isEqualTo(JobFailureDecision.retry());
	}

	@Test
	void failsANonRetryableJobExceptionForGoodAlsoAsACause() {
		DefaultJobErrorHandler handler = new DefaultJobErrorHandler();

		assertThat(handler.handle(this.context, new NonRetryableJobException("no")).retryable()).isFalse();
		assertThat(handler
			.handle(this.context, new RuntimeException(new IllegalStateException(new NonRetryableJobException("no"))))
			.retryable()).isFalse();
	}

	@Test
	void failsAddedTypesAndTheirSubclassesForGood() {
		DefaultJobErrorHandler handler = new DefaultJobErrorHandler();
		handler.addNotRetryableExceptions(List.of(IOException.class));

		assertThat(handler.handle(this.context, new java.io.FileNotFoundException()).retryable()).isFalse();
		assertThat(handler.handle(this.context, new IllegalStateException()).retryable()).isTrue();
		assertThat(handler.getNotRetryableExceptions()).containsExactly(NonRetryableJobException.class,
				IOException.class);
	}

	@Test
	void aCauseChainThatLoopsEnds() {
		DefaultJobErrorHandler handler = new DefaultJobErrorHandler();
		RuntimeException first = new RuntimeException();
		RuntimeException second = new RuntimeException(first);
		first.initCause(second);

		assertThat(handler.handle(this.context, first).retryable()).isTrue();
	}

	@Test
	void retriesARetryJobLaterExceptionAfterItsDelayAlsoAsACause() {
		DefaultJobErrorHandler handler = new DefaultJobErrorHandler();

		assertThat(handler.handle(this.context, new RetryJobLaterException(Duration.ofSeconds(30), "429")))
			.isEqualTo(JobFailureDecision.retryAfter(Duration.ofSeconds(30)));
		assertThat(handler.handle(this.context,
				new IllegalStateException(new RetryJobLaterException(Duration.ofMillis(1500), "429"))))
			.isEqualTo(JobFailureDecision.retryAfter(Duration.ofMillis(1500)));
	}

	@Test
	void aNotRetryableTypeWinsOverARetryJobLaterException() {
		DefaultJobErrorHandler handler = new DefaultJobErrorHandler();

		assertThat(handler.handle(this.context,
				new NonRetryableJobException("no", new RetryJobLaterException(Duration.ofSeconds(1), "429"))))
			.isEqualTo(JobFailureDecision.failForGood());
	}

}
