package dev.jobqueue.scheduling;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A recurring schedule as it stands: its trigger, the last tick any instance enqueued and
 * the next tick this instance will fire.
 *
 * @param name the schedule name
 * @param queue the queue its jobs go to
 * @param trigger the cron expression with its zone, or the rate
 * @param missedTicks the policy for missed ticks
 * @param lastTick the last tick enqueued by any instance, or null if none was
 * @param nextTick the next tick, or null when the schedule is not running here
 */
public record ScheduleState(String name, String queue, String trigger, MissedTickPolicy missedTicks,
		@Nullable Instant lastTick, @Nullable Instant nextTick) {
}
