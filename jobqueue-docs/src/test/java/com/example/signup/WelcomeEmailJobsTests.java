package com.example.signup;

import java.util.Map;

import dev.jobqueue.boot.test.InlineJobRunner;
import org.junit.jupiter.api.Test;

import static dev.jobqueue.boot.test.JobQueueAssertions.assertThat;

/** Unit tests of the handler logic: no Redis, no worker threads. */
class WelcomeEmailJobsTests {

	private final InlineJobRunner runner = InlineJobRunner.of(new WelcomeEmailJobs());

	@Test
	void sendsTheEmailAndReturnsTheRecipient() {
		assertThat(this.runner.run("emails", new WelcomeEmail("ada@example.com"))).isCompleted()
			.result(Map.class)
			.isEqualTo(Map.of("sentTo", "ada@example.com"));
	}

	@Test
	void anInvalidAddressFailsTheAttemptAndIsRetried() {
		assertThat(this.runner.run("emails", new WelcomeEmail("nobody@example.invalid"))).isRetried()
			.hasErrorContaining("no mailbox for nobody@example.invalid");
	}

}
