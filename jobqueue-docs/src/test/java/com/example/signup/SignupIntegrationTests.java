package com.example.signup;

import java.util.Map;

import dev.jobqueue.boot.test.AutoConfigureTestRedis;
import dev.jobqueue.boot.test.JobQueueTester;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static dev.jobqueue.boot.test.JobQueueAssertions.assertThat;

/** The whole application on a Redis of its own: the job runs on the real workers. */
@SpringBootTest
@AutoConfigureTestRedis
class SignupIntegrationTests {

	@Autowired
	private SignupController signups;

	@Autowired
	private JobQueueTester jobs;

	@Test
	void aSignupsWelcomeEmailIsSent() {
		String id = this.signups.signup("ada@example.com");
		assertThat(this.jobs.awaitJob("emails", id)).isCompleted()
			.hasAttempts(1)
			.result(Map.class)
			.isEqualTo(Map.of("sentTo", "ada@example.com"));
	}

}
