package dev.jobqueue.docs.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.scheduling.RecurringJob;

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
