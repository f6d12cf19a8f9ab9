package com.example.signup;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Starts the getting-started application with an invalid property and checks that
 * docs/configuration.md quotes the message Spring Boot prints, word for word.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertyMessageTests {

	@Test
	void configurationPageQuotesTheRealStartupFailure(CapturedOutput output) throws Exception {
		// No Redis is needed: the properties are checked before the first connection.
		assertThatException().isThrownBy(() -> SpringApplication.run(SignupApplication.class, "--server.port=0",
				"--spring.data.redis.url=redis://127.0.0.1:1", "--jobqueue.queues.emails.max-attempts=0"));
		String printed = output.getOut() + output.getErr();
		int start = printed.indexOf("Description:");
		int end = printed.indexOf("must be at least 1", start);
		assertThat(start).as("failure analysis printed").isNotNegative();
		assertThat(end).as("reason printed").isPositive();
		String description = printed.substring(start, end + "must be at least 1".length()).replace("\r", "");
		Path page = Path.of(System.getProperty("jobqueue.docs.root", ".."), "docs", "configuration.md");
		assertThat(Files.readString(page)).as("docs/configuration.md quotes the failure").contains(description);
	}

}
