package dev.jobqueue.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.CronExpression;
import org.springframework.util.Assert;

/**
 * A recurring job: on each tick of a cron expression (in a time zone) or of a fixed rate,
 * one job with the given payload is enqueued on a queue, exactly once however many
 * application instances run the schedule. Fixed-rate ticks fall on whole multiples of the
 * rate since the epoch, so every instance computes the same ticks.
 *
 * @param name the schedule name, unique per queue; part of a Redis key
 * @param queue the queue the jobs go to
 * @param cron the cron expression, or null for a fixed rate
 * @param zone the time zone of the cron expression
 * @param rate the fixed rate, or null for a cron expression
 * @param payload the payload of every job, as JSON text
 * @param missedTicks what to do about ticks missed while no instance ran
 */
public record JobSchedule(String name, String queue, @Nullable CronExpression cron, ZoneId zone,
		@Nullable Duration rate, String payload, MissedTickPolicy missedTicks) {

	/**
	 * Creates a schedule after validating it.
	 * @param name see the record description
	 * @param queue see the record description
	 * @param cron see the record description
	 * @param zone see the record description
	 * @param rate see the record description
	 * @param payload see the record description
	 * @param missedTicks see the record description
	 * @throws IllegalArgumentException naming the first invalid component
	 */
	public JobSchedule {
		Assert.isTrue(name != null && !name.isBlank(), "name must not be blank");
		Assert.isTrue(queue != null && !queue.isBlank(), () -> "queue of schedule '" + name + "' must not be blank");
		Assert.isTrue((cron == null) != (rate == null),
				() -> "schedule '" + name + "' needs exactly one of cron and rate");
		Assert.isTrue(rate == null || rate.toMillis() > 0,
				() -> "rate of schedule '" + name + "' must be at least 1 ms, was " + rate);
		Assert.notNull(zone, () -> "zone of schedule '" + name + "' must not be null");
		Assert.notNull(payload, () -> "payload of schedule '" + name + "' must not be null");
		Assert.notNull(missedTicks, () -> "missedTicks of schedule '" + name + "' must not be null");
	}

	/**
	 * Creates a cron schedule that runs missed ticks once.
	 * @param name the schedule name
	 * @param queue the queue
	 * @param expression a Spring cron expression (six fields, seconds first, or a macro
	 * such as {@code @daily})
	 * @param zone the time zone the expression is read in
	 * @param payload the payload JSON
	 * @return the schedule
	 * @throws IllegalArgumentException if the expression is invalid, naming the schedule
	 */
	public static JobSchedule cron(String name, String queue, String expression, ZoneId zone, String payload) {
		CronExpression cron;
		try {
			cron = CronExpression.parse(expression);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"cron of schedule '" + name + "' is not a valid cron expression: " + ex.getMessage(), ex);
		}
		return new JobSchedule(name, queue, cron, zone, null, payload, MissedTickPolicy.RUN_ONCE);
	}

	/**
	 * Creates a fixed-rate schedule that runs missed ticks once.
	 * @param name the schedule name
	 * @param queue the queue
	 * @param rate the time between ticks, at least 1 ms
	 * @param payload the payload JSON
	 * @return the schedule
	 */
	public static JobSchedule fixedRate(String name, String queue, Duration rate, String payload) {
		return new JobSchedule(name, queue, null, ZoneId.of("UTC"), rate, payload, MissedTickPolicy.RUN_ONCE);
	}

	/**
	 * Returns a copy with another policy for missed ticks.
	 * @param policy the policy
	 * @return the new schedule
	 */
	public JobSchedule withMissedTicks(MissedTickPolicy policy) {
		return new JobSchedule(this.name, this.queue, this.cron, this.zone, this.rate, this.payload, policy);
	}

	/**
	 * Returns the first tick strictly after an instant.
	 * @param after the instant
	 * @return the tick, or null when a cron expression has no later tick
	 */
	public @Nullable Instant nextTick(Instant after) {
		if (this.rate != null) {
			long rateMillis = this.rate.toMillis();
			return Instant.ofEpochMilli(Math.floorDiv(after.toEpochMilli(), rateMillis) * rateMillis + rateMillis);
		}
		ZonedDateTime next = this.cron.next(after.atZone(this.zone));
		return (next != null) ? next.toInstant() : null;
	}

	/**
	 * Describes the trigger for people: the cron expression with its zone, or the rate.
	 * @return the description
	 */
	public String describeTrigger() {
		return (this.cron != null) ? this.cron + " (" + this.zone + ")" : "every " + this.rate;
	}

}
