package dev.jobqueue.scheduling;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Enqueues a job for the {@link dev.jobqueue.annotation.JobHandler @JobHandler} method it
 * sits on at every tick of a cron expression or a fixed rate, exactly once per tick
 * however many application instances run. Exactly one of {@link #cron()} and
 * {@link #rate()} is set. Every attribute is a String, so {@code ${...}} placeholders
 * work; a schedule whose cron and rate both resolve to {@code "-"} is switched off, as
 * Spring's {@code @Scheduled} does.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RecurringJob {

	/**
	 * Value of {@link #cron()} or {@link #rate()} that switches the schedule off.
	 */
	String DISABLED = "-";

	/**
	 * A Spring cron expression: six fields, seconds first ({@code 0 0 2 * * *}), or a
	 * macro such as {@code @daily}.
	 * @return the expression, or empty for a fixed rate
	 */
	String cron() default "";

	/**
	 * The time zone of the cron expression.
	 * @return a zone id such as {@code Europe/Paris}, or empty for UTC
	 */
	String zone() default "";

	/**
	 * The fixed rate between ticks: {@code 10s}, {@code 5m}, an ISO-8601 duration, or
	 * milliseconds; ticks fall on whole multiples of the rate since the epoch.
	 * @return the rate, or empty for a cron expression
	 */
	String rate() default "";

	/**
	 * The payload of each job, as JSON.
	 * @return the JSON, or empty for {@code {"kind":"<the handler's kind>"}} (or
	 * {@code {}} when the handler has no kind)
	 */
	String payload() default "";

	/**
	 * The schedule name, unique per queue; it names the Redis hash that remembers the
	 * last tick.
	 * @return the name, or empty for the method's simple class name and method name
	 */
	String name() default "";

	/**
	 * What to do about the ticks missed while no instance ran.
	 * @return {@code run-once} or {@code skip}, or empty for run-once
	 */
	String missedTicks() default "";

}
