package dev.jobqueue.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How long the retries of a {@link JobHandler}'s failed attempts wait, overriding the
 * back-off of its queue attribute by attribute; an empty attribute takes the queue's
 * value. See {@link dev.jobqueue.worker.JobRetrySettings} for how the waits grow.
 * <p>
 * Every attribute is a String, so {@code ${...}} placeholders and {@code #{...}}
 * expressions work. Durations are written as Spring writes them elsewhere: {@code 500ms},
 * {@code 2s}, {@code 5m}, ISO-8601 ({@code PT2S}), or a number of milliseconds.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Backoff {

	/**
	 * The wait before the first retry; {@code 0} retries at once, as the reference does.
	 * @return a duration, or empty for the queue's
	 */
	String delay() default "";

	/**
	 * How much longer each next retry waits: {@code 1} keeps the delay fixed, {@code 2}
	 * doubles it.
	 * @return a number of at least 1, or empty for the queue's
	 */
	String multiplier() default "";

	/**
	 * The longest wait.
	 * @return a duration, or empty for the queue's
	 */
	String maxDelay() default "";

	/**
	 * The random part added to or taken from the first wait, growing with the multiplier
	 * after it; {@code 0} for none.
	 * @return a duration, or empty for the queue's
	 */
	String jitter() default "";

}
