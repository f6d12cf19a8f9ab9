package com.example.signup;

import java.util.Map;

import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/** Runs the jobs of the {@code emails} queue. */
@Component
class WelcomeEmailJobs {

	private static final Logger logger = LoggerFactory.getLogger(WelcomeEmailJobs.class);

	@JobHandler(queue = "emails")
	Map<String, Object> send(WelcomeEmail email, JobContext job) {
		if (email.recipient().endsWith(".invalid")) {
			// Throwing fails the attempt: retried until max-attempts, then failed.
			throw new IllegalArgumentException("no mailbox for " + email.recipient());
		}
		logger.info("Welcome email sent to {} (attempt {})", email.recipient(), job.attempt());
		return Map.of("sentTo", email.recipient()); // stored as the job's result
	}

}
