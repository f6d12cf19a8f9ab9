package dev.jobqueue.docs.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.scheduling.RecurringJob;
import dev.jobqueue.scheduling.RecurringJobScheduler;

import org.springframework.stereotype.Component;

/**
 * Delayed, expiring and recurring jobs, as {@code docs/scheduling.md} shows them.
 */
@Component
public class ReminderJobs {

	private final JobQueueOperations jobs;

	/**
	 * Creates the example.
	 * @param jobs the starter's producer
	 */
	public ReminderJobs(JobQueueOperations jobs) {
		this.jobs = jobs;
	}

	/**
	 * Enqueues a reminder in ten minutes, one at an instant, and one that must start
	 * within an hour or not at all.
	 * @param user who to remind
	 * @param at when the second reminder is due
	 */
	public void remind(String user, Instant at) {
		// tag::delayed[]
		jobs.enqueue("reminders", Map.of("user", user), JobOptions.delay(Duration.ofMinutes(10)));
		// an instant in the past runs now
		jobs.enqueue("reminders", Map.of("user", user), JobOptions.runAt(at));
		jobs.enqueue("reminders", Map.of("user", user),
				JobOptions.delay(Duration.ofMinutes(1)).withExpiresAt(Instant.now().plus(Duration.ofHours(1))));
		// end::delayed[]
	}

	/**
	 * What an operator does with delayed jobs and schedules from code; the actuator
	 * endpoint and the dashboard offer the same.
	 * @param admin the starter's admin client
	 * @param scheduler the starter's recurring-job scheduler
	 * @param id a delayed job's id
	 */
	public void operate(JobQueueAdmin admin, RecurringJobScheduler scheduler, String id) {
		// tag::operate[]
		System.out.println(admin.stats("reminders").delayedDepth() + " delayed");
		for (JobRecord job : admin.listJobs("reminders", JobState.DELAYED, 20)) { // soonest
																					// first
			System.out.println(job.id() + " due at " + job.runAt());
		}
		admin.runNow("reminders", id); // to pending now: false when it is no longer
										// delayed
		admin.delete("reminders", id);
		scheduler.getScheduleStates(); // every schedule with its last and next tick
		scheduler.triggerNow("reports", "nightly-report"); // one job now; the ticks go on
		// end::operate[]
	}

	/**
	 * Sends a reminder.
	 * @param payload the reminder
	 */
	@JobHandler("reminders")
	void send(Map<String, Object> payload) {
	}

	// tag::recurring[]
	@JobHandler(queue = "reports", kind = "nightly")
	@RecurringJob(cron = "0 0 2 * * *", zone = "Europe/Paris") // payload
																// {"kind":"nightly"}
	void nightlyReport(Map<String, Object> payload) {
		// runs once per night, however many instances run this application
	}

	@JobHandler(queue = "pings", kind = "ping")
	@RecurringJob(rate = "30s", missedTicks = "skip")
	void ping(Map<String, Object> payload) {
	}
	// end::recurring[]

}
