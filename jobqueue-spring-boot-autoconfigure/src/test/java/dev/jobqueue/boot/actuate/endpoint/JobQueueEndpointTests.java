package dev.jobqueue.boot.actuate.endpoint;

import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.TestRedis;
import dev.jobqueue.autoconfigure.endpoint.JobQueueEndpointAutoConfiguration;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.boot.actuate.endpoint.JobQueueEndpoint.WorkersDescriptor;
import dev.jobqueue.worker.JobWorkerContainer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JobQueueEndpoint} on a real Redis.
 */
class JobQueueEndpointTests {

	private final String queue = TestRedis.uniqueQueue("endpoint");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class, JobQueueEndpointAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty(), "test.queue=" + this.queue,
				"management.endpoints.web.exposure.include=jobqueue", "jobqueue.worker.concurrency=2",
				"jobqueue.worker.claim-timeout=200ms")
		.withBean(Handler.class);

	@Test
	void workersShowTheConcurrencyInForceAfterAResize() {
		this.contextRunner.run((context) -> {
			JobWorkerContainer container = context.getBean(JobQueueCatalog.class).getContainer(this.queue);
			assertThat(container).isNotNull();
			container.setConcurrency(5);
			JobQueueEndpoint endpoint = context.getBean(JobQueueEndpoint.class);
			WorkersDescriptor overview = endpoint.queues().queues().get(this.queue).workers();
			assertThat(overview.concurrency()).isEqualTo(5);
			assertThat(endpoint.queue(SecurityContext.NONE, this.queue).workers().concurrency()).isEqualTo(5);
		});
	}

	static class Handler {

		@JobHandler("${test.queue}")
		void handle(String payload) {
		}

	}

}
