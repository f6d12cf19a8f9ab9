package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.worker.JobContext;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of execution deadlines in a Spring Boot application on a real Redis: a
 * {@code @JobHandler(timeout)} with a placeholder, the queue's
 * {@code worker.execution-timeout}, and a bad timeout failing startup.
 */
class ExecutionDeadlineIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final String queue = TestRedis.uniqueQueue("deadline");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty(), "test.queue=" + this.queue, "jobqueue.worker.claim-timeout=200ms",
				"jobqueue.retry.backoff.delay=0");

	@Test
	void aHandlersTimeoutInterruptsItAndTheAttemptIsRetried() {
		this.contextRunner.withUserConfiguration(TimedHandler.class)
			.withPropertyValues("test.timeout=300ms")
			.run((context) -> {
				JobQueueOperations producer = context.getBean(JobQueueOperations.class);
				String id = producer.enqueue(this.queue, Map.of("n", 1));

				JobRecord done = await().atMost(WAIT)
					.until(() -> producer.getJob(this.queue, id).orElseThrow(),
							(job) -> "completed".equals(job.status()));
				assertThat(done.attempts()).isEqualTo(2);
				assertThat(done.lastError()).isEqualTo("timed out after 300ms");
				assertThat(context.getBean(TimedHandler.class).interrupted).hasValue(1);
			});
	}

	@Test
	void theQueuesExecutionTimeoutAppliesToItsHandlers() {
		this.contextRunner.withUserConfiguration(UntimedHandler.class)
			.withPropertyValues("jobqueue.queues." + this.queue + ".worker.execution-timeout=400ms")
			.run((context) -> {
				JobQueueOperations producer = context.getBean(JobQueueOperations.class);
				String id = producer.enqueue(this.queue, Map.of("n", 1));

				JobRecord done = await().atMost(WAIT)
					.until(() -> producer.getJob(this.queue, id).orElseThrow(),
							(job) -> "completed".equals(job.status()));
				assertThat(done.lastError()).isEqualTo("timed out after 400ms");
			});
	}

	@Test
	void aTimeoutThatIsNotADurationFailsStartupNamingTheHandler() {
		this.contextRunner.withUserConfiguration(TimedHandler.class)
			.withPropertyValues("test.timeout=soon")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasStackTraceContaining("TimedHandler.handle timeout");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class TimedHandler {

		final AtomicInteger interrupted = new AtomicInteger();

		@JobHandler(queue = "${test.queue}", timeout = "${test.timeout}")
		String handle(JobContext context) throws InterruptedException {
			if (context.attempt() == 1) {
				try {
					Thread.sleep(300_000);
				}
				catch (InterruptedException ex) {
					this.interrupted.incrementAndGet();
					throw ex;
				}
			}
			return "attempt " + context.attempt();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UntimedHandler {

		@JobHandler(queue = "${test.queue}")
		String handle(JobContext context) throws InterruptedException {
			if (context.attempt() == 1) {
				Thread.sleep(300_000);
			}
			return "attempt " + context.attempt();
		}

	}

}
