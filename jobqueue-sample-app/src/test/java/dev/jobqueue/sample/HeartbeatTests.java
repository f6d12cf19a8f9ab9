package dev.jobqueue.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.JobState;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's heartbeat with {@code sample.heartbeat-cron} set to every second: each tick
 * becomes one job of kind {@code heartbeat} on the queue {@code heartbeat}, whose result
 * records the tick it stands for, and {@code /actuator/jobqueue} lists the schedule.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-redis=never", "sample.heartbeat-cron=* * * * * *" })
class HeartbeatTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JobQueueAdmin admin;

	@Autowired
	JobQueueOperations jobs;

	@Autowired
	StringRedisTemplate redis;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		RedisTestServer server = RedisTestServers.shared();
		registry.add("spring.data.redis.host", server::host);
		registry.add("spring.data.redis.port", server::port);
		registry.add("sample.queue", () -> "sample-heartbeat-" + UUID.randomUUID().toString().substring(0, 8));
	}

	@AfterEach
	void removeTheHeartbeatQueue() {
		this.admin.purge(HeartbeatJobs.QUEUE);
		this.redis.delete("queue:" + HeartbeatJobs.QUEUE + ":schedule:heartbeat");
	}

	@Test
	void eachTickRunsOneHeartbeatThatRecordsItsScheduledTime() {
		long start = System.currentTimeMillis();
		// a tick missed while no test ran may add one older job: only this run's count
		await().atMost(Duration.ofSeconds(60)).until(() -> ranSince(start).size() >= 3);
		List<JobRecord> ran = ranSince(start);
		List<Long> ticks = new ArrayList<>();
		for (JobRecord job : ran) {
			JsonNode result = json.readTree(job.result());
			long tick = result.get("scheduled_at_ms").asLong();
			assertThat(tick % 1000).as("a tick of a cron of every second").isZero();
			assertThat(result.get("ran_at_ms").asLong()).isGreaterThanOrEqualTo(tick);
			assertThat(result.get("scheduled_at").asString()).endsWith("Z");
			assertThat(job.scheduledAt().toEpochMilli()).isEqualTo(tick);
			assertThat(job.fields()).containsEntry("schedule", "heartbeat");
			assertThat(json.readTree(job.payload()).get("kind").asString()).isEqualTo("heartbeat");
			ticks.add(tick);
		}
		assertThat(ticks).doesNotHaveDuplicates();
	}

	@Test
	void theEndpointListsTheSchedule() throws Exception {
		String body = new DemoHttp(this.port).get("/actuator/jobqueue").body();
		JsonNode schedule = json.readTree(body).get("schedules").get(0);
		assertThat(schedule.get("name").asString()).isEqualTo("heartbeat");
		assertThat(schedule.get("queue").asString()).isEqualTo(HeartbeatJobs.QUEUE);
		assertThat(schedule.get("trigger").asString()).isEqualTo("* * * * * * (UTC)");
	}

	private List<JobRecord> ranSince(long start) {
		List<JobRecord> ran = new ArrayList<>();
		for (JobRecord job : this.admin.listJobs(HeartbeatJobs.QUEUE, JobState.COMPLETED, 100)) {
			if (job.result() != null && json.readTree(job.result()).get("ran_at_ms").asLong() >= start) {
				ran.add(job);
			}
		}
		return ran;
	}

}
