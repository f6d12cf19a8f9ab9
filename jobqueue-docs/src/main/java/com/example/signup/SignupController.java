package com.example.signup;

import dev.jobqueue.JobQueueOperations;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Enqueues a welcome email for each signup and answers with the job's id. */
@RestController
class SignupController {

	private final JobQueueOperations jobs;

	SignupController(JobQueueOperations jobs) {
		this.jobs = jobs;
	}

	@PostMapping("/signup")
	String signup(@RequestParam String email) {
		return this.jobs.enqueue("emails", new WelcomeEmail(email)); // the job's id
	}

}
