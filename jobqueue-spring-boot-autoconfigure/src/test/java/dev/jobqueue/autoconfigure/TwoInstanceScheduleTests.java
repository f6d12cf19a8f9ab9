package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.QueueStats;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.scheduling.RecurringJobScheduler;
import dev.jobqueue.worker.JobContext;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two application instances (two Spring Boot applications, each with its own connections,
 * scheduler and workers) share one Redis and one {@code jobqueue.schedules.*} schedule on
 * a cron of every second: each tick becomes exactly one job, over more than 30 ticks.
 */
class TwoInstanceScheduleTests {

	private static final int TICKS = 31;

	/** Tick (epoch ms) to the ids of the jobs that ran for it, from both instances. */
	private static final Map<Long, List<String>> runs = new ConcurrentHashMap<>();

	private final String queue = TestRedis.uniqueQueue("two-instances");

	@Test
	void eachTickIsEnqueuedOnceByTwoInstances() {
		runs.clear();
		try (ConfigurableApplicationContext first = start(); ConfigurableApplicationContext second = start()) {
			assertThat(first.getBean(RecurringJobScheduler.class).getScheduleStates()).hasSize(1);
			assertThat(second.getBean(RecurringJobScheduler.class).getScheduleStates()).hasSize(1);
			// The bound is generous for a loaded machine; it only ends a run that
			// stopped.
			await().atMost(Duration.ofSeconds(TICKS * 4L)).until(() -> runs.size() >= TICKS + 1);
			// no more ticks; then every enqueued tick's job runs before the check
			first.getBean(RecurringJobScheduler.class).stop();
			second.getBean(RecurringJobScheduler.class).stop();
			JobQueueAdmin admin = first.getBean(JobQueueAdmin.class);
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				QueueStats stats = admin.stats(this.queue);
				return stats.pendingDepth() == 0 && stats.processingDepth() == 0;
			});
			assertThat(admin.stats(this.queue).completedDepth()).as("every job ran once")
				.isEqualTo(runs.values().stream().mapToLong(List::size).sum());
		}
		Map<Long, List<String>> byTick = new TreeMap<>(runs);
		List<Long> ticks = new ArrayList<>(byTick.keySet());
		assertThat(byTick.values()).as("jobs per tick").allSatisfy((ids) -> assertThat(ids).hasSize(1));
		// With missed-ticks=skip a tick both instances reach late (a stall of the loaded
		// machine longer than a second) is skipped, by design: ticks are whole seconds,
		// each run once, but not always consecutive.
		for (int i = 1; i < ticks.size(); i++) {
			assertThat((ticks.get(i) - ticks.get(i - 1)) % 1000).as("ticks are whole seconds apart").isZero();
		}
		assertThat(ticks).hasSizeGreaterThan(TICKS);
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(Instance.class).web(WebApplicationType.NONE)
			.properties(TestRedis.urlProperty(), "test.queue=" + this.queue, "jobqueue.worker.claim-timeout=200ms",
					"jobqueue.schedules.every-second.queue=" + this.queue, "jobqueue.schedules.every-second.kind=tick",
					"jobqueue.schedules.every-second.cron=* * * * * *",
					"jobqueue.schedules.every-second.missed-ticks=skip")
			.run();
	}

	@SpringBootConfiguration
	// the module's test classpath has JDBC for the transaction tests; this application
	// has no database
	@EnableAutoConfiguration(exclude = DataSourceAutoConfiguration.class)
	static class Instance {

		@Bean
		TickHandler tickHandler(JobQueueOperations operations) {
			return new TickHandler(operations);
		}

	}

	static class TickHandler {

		private final JobQueueOperations operations;

		TickHandler(JobQueueOperations operations) {
			this.operations = operations;
		}

		@JobHandler(queue = "${test.queue}", kind = "tick")
		void tick(Map<String, Object> payload, JobContext context) {
			JobRecord job = this.operations.getJob(context.queue(), context.id()).orElseThrow();
			Instant tick = job.scheduledAt();
			assertThat(tick).isNotNull();
			runs.computeIfAbsent(tick.toEpochMilli(), (key) -> new CopyOnWriteArrayList<>()).add(context.id());
		}

	}

}
