package dev.jobqueue.boot.test;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobQueueTemplate;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CaptureJobs @CaptureJobs} in a Spring Boot application: the captured
 * operations replace the template, and each test method sees only its own jobs.
 */
@SpringBootTest(properties = { "jobqueue.worker.enabled=false", "spring.data.redis.port=1" })
@CaptureJobs
class CaptureJobsIntegrationTests {

	@Autowired
	private SignupService signups;

	@Autowired
	private CapturedJobs jobs;

	@Autowired
	private ApplicationContext context;

	@Test
	void theAutoConfiguredTemplateBacksOffForTheCapture() {
		assertThat(this.context.getBean(JobQueueOperations.class)).isSameAs(this.jobs);
		assertThat(this.context.getBeansOfType(JobQueueTemplate.class)).isEmpty();
	}

	@Test
	void aProducerEnqueuesThroughTheCapture() {
		String id = this.signups.signUp("ada@example.com");
		assertThat(this.jobs.single("emails").id()).isEqualTo(id);
		assertThat(this.jobs.single("emails").payloadAs(String.class)).isEqualTo("\"ada@example.com\"");
	}

	@Test
	void eachTestMethodStartsWithAnEmptyCapture() {
		// whichever of this and the test above runs second would see two jobs without
		// the listener that clears the capture
		this.signups.signUp("grace@example.com");
		assertThat(this.jobs.all()).hasSize(1);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(SignupService.class)
	static class ProducerApplication {

	}

	@Service
	static class SignupService {

		private final JobQueueOperations jobs;

		SignupService(JobQueueOperations jobs) {
			this.jobs = jobs;
		}

		String signUp(String email) {
			return this.jobs.enqueue("emails", email);
		}

	}

}
