package dev.jobqueue.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueTemplate;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link RecurringJobScheduler} and {@code enqueue_schedule_tick.lua} on a real
 * Redis: two schedulers enqueue each tick once, missed ticks follow their policy, and a
 * stopped scheduler enqueues nothing more.
 */
class RecurringJobSchedulerTests {

	private static RedisTestServer server;

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final List<RecurringJobScheduler> schedulers = new ArrayList<>();

	private final List<JobQueueClients> templates = new ArrayList<>();

	private String queue;

	private QueueKeys keys;

	@BeforeAll
	static void connect() {
		server = RedisTestServers.shared();
		connectionFactory = server.newConnectionFactory();
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void newQueue() {
		this.queue = "schedules-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
		this.keys = QueueSettings.defaults(this.queue).keys();
	}

	@AfterEach
	void stop() {
		this.schedulers.forEach(RecurringJobScheduler::stop);
		redis.delete(this.keys.schedule("tick"));
		if (!this.templates.isEmpty()) {
			this.templates.get(0).admin().purge(this.queue);
		}
		this.templates.forEach(JobQueueClients::destroy);
	}

	private JobQueueClients clients() {
		JobQueueClients clients = JobQueueClients.builder(redis).build();
		this.templates.add(clients);
		return clients;
	}

	private RecurringJobScheduler start(JobSchedule schedule) {
		JobQueueClients clients = clients();
		RecurringJobScheduler scheduler = new RecurringJobScheduler(clients.template(), clients.admin(),
				() -> List.of(schedule), Clock.systemUTC());
		this.schedulers.add(scheduler);
		scheduler.start();
		return scheduler;
	}

	private List<Long> scheduledTicks() {
		List<Long> ticks = new ArrayList<>();
		for (String id : redis.opsForList().range(this.keys.pending(), 0, -1)) {
			Object tick = redis.opsForHash().get(this.keys.job(id), "scheduled_at_ms");
			ticks.add(Long.parseLong((String) tick));
		}
		ticks.sort(null);
		return ticks;
	}

	@Test
	void twoInstancesEnqueueEachTickOnce() {
		JobSchedule schedule = JobSchedule.fixedRate("tick", this.queue, Duration.ofMillis(200), "{\"kind\":\"tick\"}");
		start(schedule);
		start(schedule);

		await().atMost(Duration.ofSeconds(60)).until(() -> redis.opsForList().size(this.keys.pending()) >= 31);
		this.schedulers.forEach(RecurringJobScheduler::stop);

		List<Long> ticks = scheduledTicks();
		assertThat(ticks).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(31);
		for (int i = 1; i < ticks.size(); i++) {
			assertThat(ticks.get(i) - ticks.get(i - 1)).as("no tick skipped").isEqualTo(200);
		}
		String anyId = redis.opsForList().index(this.keys.pending(), 0);
		assertThat(redis.<String, String>opsForHash().entries(this.keys.job(anyId))).containsEntry("schedule", "tick")
			.containsEntry("payload", "{\"kind\":\"tick\"}")
			.containsEntry("status", "pending")
			.containsEntry("attempts", "0");
	}

	@Test
	void missedTicksRunOnceAtStart() {
		JobSchedule hourly = JobSchedule.cron("tick", this.queue, "0 0 * * * *", ZoneId.of("Europe/Paris"), "{}");
		Instant threeHoursAgo = hourly.nextTick(Instant.now().minus(Duration.ofHours(4)));
		clients().template().enqueueScheduleTick(this.queue, "tick", threeHoursAgo, "{}");
		redis.delete(this.keys.pending());

		RecurringJobScheduler scheduler = start(hourly);

		await().atMost(Duration.ofSeconds(10)).until(() -> redis.opsForList().size(this.keys.pending()) == 1);
		assertThat(scheduledTicks()).containsExactly(threeHoursAgo.plus(Duration.ofHours(1)).toEpochMilli());
		ScheduleState state = scheduler.getScheduleStates().get(0);
		assertThat(state.lastTick()).isEqualTo(threeHoursAgo.plus(Duration.ofHours(1)));
		assertThat(state.nextTick()).isAfter(Instant.now());
		assertThat(state.trigger()).isEqualTo("0 0 * * * * (Europe/Paris)");
	}

	@Test
	void missedTicksAreSkippedWhenThePolicySaysSo() {
		JobSchedule hourly = JobSchedule.cron("tick", this.queue, "0 0 * * * *", ZoneId.of("UTC"), "{}")
			.withMissedTicks(MissedTickPolicy.SKIP);
		Instant longAgo = hourly.nextTick(Instant.now().minus(Duration.ofHours(4)));
		clients().template().enqueueScheduleTick(this.queue, "tick", longAgo, "{}");
		redis.delete(this.keys.pending());

		RecurringJobScheduler scheduler = start(hourly);

		await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.getScheduleStates().get(0).nextTick() != null);
		assertThat(redis.hasKey(this.keys.pending())).isFalse();
		assertThat(scheduler.getScheduleStates().get(0).lastTick()).isEqualTo(longAgo);
	}

	@Test
	void aTickIsNeverEnqueuedTwiceNorAfterALaterOne() {
		JobQueueClients clients = clients();
		JobQueueTemplate jobs = clients.template();
		Instant tick = Instant.parse("2026-01-01T00:00:00Z");

		assertThat(jobs.enqueueScheduleTick(this.queue, "tick", tick, "{}")).isTrue();
		assertThat(jobs.enqueueScheduleTick(this.queue, "tick", tick, "{}")).isFalse();
		assertThat(jobs.enqueueScheduleTick(this.queue, "tick", tick.minusSeconds(1), "{}")).isFalse();
		assertThat(jobs.enqueueScheduleTick(this.queue, "tick", tick.plusSeconds(1), "{}")).isTrue();

		assertThat(redis.<String, String>opsForHash().entries(this.keys.schedule("tick"))).containsEntry("last_tick_ms",
				String.valueOf(tick.plusSeconds(1).toEpochMilli()));
		assertThat(clients.admin().lastScheduleTick(this.queue, "tick")).contains(tick.plusSeconds(1));
	}

	@Test
	void stoppedSchedulerEnqueuesNothingMore() {
		RecurringJobScheduler scheduler = start(JobSchedule.fixedRate("tick", this.queue, Duration.ofMillis(50), "{}"));
		await().atMost(Duration.ofSeconds(10)).until(() -> redis.opsForList().size(this.keys.pending()) >= 2);

		scheduler.stop();
		long after = redis.opsForList().size(this.keys.pending());
		await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);

		assertThat(redis.opsForList().size(this.keys.pending())).isEqualTo(after);
		assertThat(scheduler.isRunning()).isFalse();
	}

	@Test
	void invalidCronNamesTheSchedule() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JobSchedule.cron("nightly", this.queue, "0 0 25 * * *", ZoneId.of("UTC"), "{}"))
			.withMessageContaining("cron of schedule 'nightly'");
		assertThatIllegalArgumentException().isThrownBy(
				() -> new JobSchedule("both", this.queue, null, ZoneId.of("UTC"), null, "{}", MissedTickPolicy.SKIP))
			.withMessageContaining("exactly one of cron and rate");
	}

}
