package dev.jobqueue.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.jobqueue.dashboard.DashboardOperations.Schedule;
import dev.jobqueue.scheduling.RecurringJobScheduler;
import dev.jobqueue.scheduling.ScheduleState;
import org.jspecify.annotations.Nullable;

/**
 * The recurring schedules {@link DashboardOperations} shows and triggers: those of this
 * application, if it runs any.
 */
final class DashboardSchedules {

	private final @Nullable RecurringJobScheduler scheduler;

	DashboardSchedules(@Nullable RecurringJobScheduler scheduler) {
		this.scheduler = scheduler;
	}

	/**
	 * Describes the recurring schedules of a queue that run in this application.
	 * @param queue the queue name
	 * @return the schedules with their last and next tick, empty without any
	 */
	List<Schedule> of(String queue) {
		if (this.scheduler == null) {
			return List.of();
		}
		List<Schedule> schedules = new ArrayList<>();
		for (ScheduleState state : this.scheduler.getScheduleStates()) {
			if (state.queue().equals(queue)) {
				schedules.add(new Schedule(state.name(), state.trigger(),
						state.missedTicks().name().toLowerCase(Locale.ROOT).replace('_', '-'),
						(state.lastTick() != null) ? state.lastTick().toEpochMilli() : 0,
						(state.nextTick() != null) ? state.nextTick().toEpochMilli() : 0));
			}
		}
		return schedules;
	}

	/**
	 * Enqueues one job of a recurring schedule now, outside its ticks.
	 * @param queue the schedule's queue
	 * @param schedule the schedule name
	 * @return the new job's id, or empty when no such schedule runs in this application
	 */
	Optional<String> trigger(String queue, String schedule) {
		return (this.scheduler != null) ? this.scheduler.triggerNow(queue, schedule) : Optional.empty();
	}

}
