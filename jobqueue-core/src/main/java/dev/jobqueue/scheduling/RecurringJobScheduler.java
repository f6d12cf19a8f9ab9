package dev.jobqueue.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Fires recurring schedules: at each tick it enqueues the schedule's job through
 * {@link JobQueueOperations#enqueueScheduleTick}, which writes one job per tick however
 * many instances fire it. At start, a schedule whose next tick after its last enqueued
 * one has already passed runs once for the missed ticks, or skips them, as its policy
 * says. Uses its own single-thread {@link ThreadPoolTaskScheduler}, so the application's
 * own scheduling ({@code @EnableScheduling}) is neither needed nor switched on.
 */
public final class RecurringJobScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RecurringJobScheduler.class);

	private final JobQueueOperations operations;

	private final JobQueueAdmin admin;

	private final Supplier<Collection<JobSchedule>> schedules;

	private final Clock clock;

	/** How long {@link #stop()} waits for a tick being enqueued. */
	static final Duration STOP_WAIT = Duration.ofSeconds(10);

	private final Map<String, Running> running = new LinkedHashMap<>();

	private @Nullable ThreadPoolTaskScheduler scheduler;

	/**
	 * Creates a scheduler.
	 * @param operations the operations that enqueue the ticks
	 * @param admin the admin that reads each schedule's last tick
	 * @param schedules the schedules to run, read at each start
	 * @param clock the clock of the ticks
	 */
	public RecurringJobScheduler(JobQueueOperations operations, JobQueueAdmin admin,
			Supplier<Collection<JobSchedule>> schedules, Clock clock) {
		this.operations = operations;
		this.admin = admin;
		this.schedules = schedules;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null) {
			return;
		}
		List<JobSchedule> toRun = List.copyOf(this.schedules.get());
		Set<String> names = new HashSet<>();
		for (JobSchedule schedule : toRun) {
			if (!names.add(schedule.queue() + "/" + schedule.name())) {
				throw new IllegalStateException(
						"Two recurring schedules named '" + schedule.name() + "' on queue '" + schedule.queue() + "'");
			}
		}
		if (toRun.isEmpty()) {
			return;
		}
		ThreadPoolTaskScheduler taskScheduler = new ThreadPoolTaskScheduler();
		taskScheduler.setThreadNamePrefix("jobqueue-schedules-");
		taskScheduler.setClock(this.clock);
		// never interrupt a tick's enqueue at stop: stop waits for it instead
		taskScheduler.setWaitForTasksToCompleteOnShutdown(true);
		taskScheduler.initialize();
		this.scheduler = taskScheduler;
		for (JobSchedule schedule : toRun) {
			Running run = new Running(schedule);
			this.running.put(key(schedule), run);
			taskScheduler.execute(() -> catchUp(run));
		}
		logger.info("Running " + toRun.size() + " recurring schedules: "
				+ toRun.stream().map((s) -> s.name() + " on '" + s.queue() + "' " + s.describeTrigger()).toList());
	}

	private void catchUp(Running run) {
		JobSchedule schedule = run.schedule;
		Instant now = this.clock.instant();
		try {
			Instant last = this.admin.lastScheduleTick(schedule.queue(), schedule.name()).orElse(null);
			Instant missed = (last != null) ? schedule.nextTick(last) : null;
			if (missed != null && !missed.isAfter(now)) {
				if (schedule.missedTicks() == MissedTickPolicy.RUN_ONCE) {
					logger.info("Schedule '" + schedule.name() + "' missed ticks since " + last
							+ "; enqueuing one job for them (tick " + missed + ")");
					fire(schedule, missed);
				}
				else {
					logger.info("Schedule '" + schedule.name() + "' missed ticks since " + last + "; skipping them");
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Schedule '" + schedule.name() + "' could not check its missed ticks: " + ex.getMessage());
		}
		scheduleNext(run, now);
	}

	private void scheduleNext(Running run, Instant after) {
		scheduleAt(run, run.schedule.nextTick(after));
	}

	private synchronized void scheduleAt(Running run, @Nullable Instant tick) {
		ThreadPoolTaskScheduler taskScheduler = this.scheduler;
		if (taskScheduler == null || this.running.get(key(run.schedule)) != run) {
			return;
		}
		run.next = tick;
		if (tick == null) {
			logger.info("Schedule '" + run.schedule.name() + "' has no more ticks");
			return;
		}
		run.future = taskScheduler.schedule(() -> tick(run, tick), tick);
	}

	private void tick(Running run, Instant tick) {
		try {
			fire(run.schedule, tick);
		}
		catch (RuntimeException ex) {
			logger.warn("Schedule '" + run.schedule.name() + "' could not enqueue its tick " + tick + ": "
					+ ex.getMessage());
		}
		if (run.catchingUp) {
			// that was the one run for the ticks missed in a pause: go on from now
			run.catchingUp = false;
			scheduleNext(run, this.clock.instant());
			return;
		}
		// ticks follow each other even when one fires late, so a slow enqueue skips none;
		// only
		// after a pause of more than one tick does the missed-tick policy decide, as
		// after downtime
		Instant now = this.clock.instant();
		Instant next = run.schedule.nextTick(tick);
		Instant afterNext = (next != null) ? run.schedule.nextTick(next) : null;
		if (next == null || afterNext == null || afterNext.isAfter(now)) {
			scheduleAt(run, next);
			return;
		}
		if (run.schedule.missedTicks() == MissedTickPolicy.RUN_ONCE) {
			run.catchingUp = true;
			scheduleAt(run, next);
			return;
		}
		scheduleNext(run, now);
	}

	private void fire(JobSchedule schedule, Instant tick) {
		boolean enqueued = this.operations.enqueueScheduleTick(schedule.queue(), schedule.name(), tick,
				schedule.payload());
		if (logger.isDebugEnabled()) {
			logger.debug("Schedule '" + schedule.name() + "' tick " + tick
					+ (enqueued ? " enqueued" : " was already enqueued by another instance"));
		}
	}

	/**
	 * Enqueues one job of a schedule running here now, as an operator's trigger, outside
	 * its ticks: the regular ticks go on as before.
	 * @param queue the schedule's queue
	 * @param name the schedule name
	 * @return the new job's id, or empty when no schedule of that name on that queue runs
	 * here
	 */
	public Optional<String> triggerNow(String queue, String name) {
		Running run;
		synchronized (this) {
			run = this.running.get(queue + "/" + name);
		}
		if (run == null) {
			return Optional.empty();
		}
		JobSchedule schedule = run.schedule;
		String id = this.operations.enqueueScheduleNow(schedule.queue(), schedule.name(), schedule.payload());
		logger.info("Schedule '" + name + "' on '" + queue + "' triggered now: job " + id);
		return Optional.of(id);
	}

	/**
	 * Describes every schedule: the ones running here with their next tick, each with the
	 * last tick any instance enqueued.
	 * @return the states, in the order the schedules were given
	 */
	public List<ScheduleState> getScheduleStates() {
		List<Running> runs;
		synchronized (this) {
			runs = new ArrayList<>(this.running.values());
		}
		List<ScheduleState> states = new ArrayList<>(runs.size());
		for (Running run : runs) {
			JobSchedule s = run.schedule;
			Instant last = this.admin.lastScheduleTick(s.queue(), s.name()).orElse(null);
			states.add(new ScheduleState(s.name(), s.queue(), s.describeTrigger(), s.missedTicks(), last, run.next));
		}
		return states;
	}

	/**
	 * Stops the schedules and waits (at most {@link #STOP_WAIT}) for a tick being
	 * enqueued right now, so that nothing is enqueued once this returns.
	 */
	@Override
	public void stop() {
		ThreadPoolTaskScheduler taskScheduler;
		synchronized (this) {
			taskScheduler = this.scheduler;
			this.scheduler = null;
			for (Running run : this.running.values()) {
				ScheduledFuture<?> future = run.future;
				if (future != null) {
					future.cancel(false);
				}
			}
			this.running.clear();
		}
		// outside the lock: a tick in flight takes it to schedule its successor
		if (taskScheduler != null) {
			taskScheduler.shutdown();
			try {
				if (!taskScheduler.getScheduledExecutor()
					.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
					logger.warn("A recurring schedule's tick was still being enqueued " + STOP_WAIT + " after stop");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	private static String key(JobSchedule schedule) {
		return schedule.queue() + "/" + schedule.name();
	}

	private static final class Running {

		final JobSchedule schedule;

		volatile @Nullable Instant next;

		volatile @Nullable ScheduledFuture<?> future;

		volatile boolean catchingUp;

		Running(JobSchedule schedule) {
			this.schedule = schedule;
		}

	}

}
