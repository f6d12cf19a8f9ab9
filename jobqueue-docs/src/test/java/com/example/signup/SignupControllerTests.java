package com.example.signup;

import dev.jobqueue.boot.test.CaptureJobs;
import dev.jobqueue.boot.test.CapturedJobs;
import dev.jobqueue.boot.test.EnqueuedJob;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests the producer alone: what it enqueues is captured, nothing reaches Redis. */
@WebMvcTest(SignupController.class)
@CaptureJobs
class SignupControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private CapturedJobs jobs;

	@Test
	void signupEnqueuesAWelcomeEmail() {
		assertThat(this.mvc.post().uri("/signup").param("email", "ada@example.com")).hasStatusOk()
			.bodyText()
			.isEqualTo(this.jobs.single("emails").id());
		EnqueuedJob job = this.jobs.single("emails");
		assertThat(job.payloadAs(WelcomeEmail.class)).isEqualTo(new WelcomeEmail("ada@example.com"));
		assertThat(job.payloadJson()).isEqualTo("{\"recipient\":\"ada@example.com\"}");
	}

}
