package dev.jobqueue.boot.test;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of a {@link JobQueueTester} for applications under test (this
 * module is a test-scope dependency, so it is never on a production class path).
 */
@AutoConfiguration(after = JobQueueAutoConfiguration.class)
@ConditionalOnSingleCandidate(JobQueueOperations.class)
public final class JobQueueTestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobQueueTester jobQueueTester(JobQueueOperations operations) {
		return new JobQueueTester(operations);
	}

}
