package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.scheduling.DelayedJobPromoter;
import dev.jobqueue.scheduling.RecurringJob;
import dev.jobqueue.scheduling.RecurringJobScheduler;
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
 * Delayed jobs and {@code @RecurringJob} schedules in a real application context on a
 * real Redis: the starter promotes and schedules without {@code @EnableScheduling}.
 */
class JobQueueSchedulingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final List<Instant> runs = new CopyOnWriteArrayList<>();

	private static final List<String> ticks = new CopyOnWriteArrayList<>();

	private final String queue = TestRedis.uniqueQueue("scheduling");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty(), "test.queue=" + this.queue, "jobqueue.worker.claim-timeout=200ms");

	@Test
	void delayedJobRunsOnceDueAndNotBefore() {
		runs.clear();
		this.contextRunner.withUserConfiguration(DelayedHandler.class).run((context) -> {
			assertThat(context).hasSingleBean(DelayedJobPromoter.class).hasSingleBean(RecurringJobScheduler.class);
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			Instant due = Instant.now().plusMillis(700);
			producer.enqueue(this.queue, Map.of("n", 1), JobOptions.runAt(due));

			await().atMost(WAIT).until(() -> !runs.isEmpty());
			assertThat(runs.get(0)).isAfterOrEqualTo(due);
		});
	}

	@Test
	void recurringJobOnAHandlerRunsEveryTick() {
		ticks.clear();
		this.contextRunner.withUserConfiguration(RecurringHandler.class).run((context) -> {
			await().atMost(WAIT).until(() -> ticks.size() >= 3);
			assertThat(ticks).doesNotHaveDuplicates();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class DelayedHandler {

		@JobHandler("${test.queue}")
		void handle(Map<String, Object> payload) {
			runs.add(Instant.now());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecurringHandler {

		@JobHandler(queue = "${test.queue}", kind = "tick")
		@RecurringJob(rate = "300ms")
		void tick(Map<String, Object> payload, JobContext context) {
			ticks.add(context.id());
		}

	}

}
