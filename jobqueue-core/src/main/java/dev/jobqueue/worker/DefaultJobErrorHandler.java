package dev.jobqueue.worker;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@link JobErrorHandler} used unless an application defines its own: retries every
 * failure except the not-retryable exception types, which fail the job for good at once.
 * {@link NonRetryableJobException} is always not retryable; more types can be added. An
 * exception counts as a not-retryable type when it or one of its causes is an instance of
 * it, as Spring Kafka's {@code DefaultErrorHandler} classifies with its causes. A
 * {@link RetryJobLaterException} (also as a cause) retries after the delay it carries
 * instead of the back-off.
 */
public class DefaultJobErrorHandler implements JobErrorHandler {

	private static final int MAX_CAUSE_DEPTH = 16;

	private final Set<Class<? extends Throwable>> notRetryable = new CopyOnWriteArraySet<>();

	/**
	 * Creates a handler that fails only {@link NonRetryableJobException} for good at
	 * once.
	 */
	public DefaultJobErrorHandler() {
		this.notRetryable.add(NonRetryableJobException.class);
	}

	/**
	 * Adds exception types that fail a job for good at once, matched with their
	 * subclasses.
	 * @param types the types; an empty collection adds nothing
	 */
	public void addNotRetryableExceptions(Collection<Class<? extends Throwable>> types) {
		Assert.noNullElements(types, "types must not contain null");
		this.notRetryable.addAll(types);
	}

	/**
	 * Returns the exception types that fail a job for good at once.
	 * @return the types, in the order they were added
	 */
	public Set<Class<? extends Throwable>> getNotRetryableExceptions() {
		return Collections.unmodifiableSet(this.notRetryable);
	}

	@Override
	public JobFailureDecision handle(JobContext context, Throwable exception) {
		if (!isRetryable(exception)) {
			return JobFailureDecision.failForGood();
		}
		RetryJobLaterException later = retryLater(exception);
		return (later != null) ? JobFailureDecision.retryAfter(later.getDelay()) : JobFailureDecision.retry();
	}

	private static @Nullable RetryJobLaterException retryLater(Throwable exception) {
		@Nullable Throwable current = exception;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			if (current instanceof RetryJobLaterException later) {
				return later;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

	/**
	 * Whether a failure is worth another attempt.
	 * @param exception what the handler threw
	 * @return false when it or one of its causes is of a not-retryable type
	 */
	protected boolean isRetryable(Throwable exception) {
		@Nullable Throwable current = exception;
		for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
			for (Class<? extends Throwable> type : this.notRetryable) {
				if (type.isInstance(current)) {
					return false;
				}
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return true;
	}

}
