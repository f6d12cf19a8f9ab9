package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueAdmin;
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

	@Test
	void propertyScheduleRunsOnAKindRoutedHandlerAndCanBeTriggeredNow() {
		ticks.clear();
		this.contextRunner.withUserConfiguration(PropertyScheduleHandler.class)
			.withPropertyValues("jobqueue.schedules.beat.queue=${test.queue}", "jobqueue.schedules.beat.kind=beat",
					"jobqueue.schedules.beat.rate=1h", "jobqueue.schedules.beat.payload={\"size\":3}",
					"jobqueue.schedules.fast.queue=${test.queue}", "jobqueue.schedules.fast.kind=beat",
					"jobqueue.schedules.fast.rate=200ms", "jobqueue.schedules.fast.enabled=false")
			.run((context) -> {
				RecurringJobScheduler scheduler = context.getBean(RecurringJobScheduler.class);
				assertThat(scheduler.getScheduleStates()).singleElement()
					.satisfies((state) -> assertThat(state.name()).isEqualTo("beat"));
				// the next tick is set once the scheduler's thread has checked for missed
				// ticks
				await().atMost(WAIT).until(() -> scheduler.getScheduleStates().get(0).nextTick() != null);
				assertThat(scheduler.getScheduleStates().get(0).nextTick()).isAfter(Instant.now());
				assertThat(scheduler.triggerNow(this.queue, "fast")).as("a disabled schedule does not run").isEmpty();
				String id = scheduler.triggerNow(this.queue, "beat").orElseThrow();
				await().atMost(WAIT).until(() -> ticks.contains(id + " size=3"));
				JobQueueOperations operations = context.getBean(JobQueueOperations.class);
				assertThat(operations.getJob(this.queue, id).orElseThrow().fields()).containsEntry("schedule", "beat");
				assertThat(context.getBean(JobQueueAdmin.class).lastScheduleTick(this.queue, "beat"))
					.as("a trigger is no tick")
					.isEmpty();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class PropertyScheduleHandler {

		@JobHandler(queue = "${test.queue}", kind = "beat")
		void beat(Map<String, Object> payload, JobContext context) {
			ticks.add(context.id() + " size=" + payload.get("size"));
		}

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
