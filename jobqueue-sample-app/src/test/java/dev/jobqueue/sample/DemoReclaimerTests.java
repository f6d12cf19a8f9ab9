package dev.jobqueue.sample;

import java.time.Duration;
import java.util.UUID;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo with the starter's automatic reclaimer on and workers started with the
 * application, over real HTTP against a real Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		// attempts enough that the hung job is still retried when the test turns hanging
		// off,
		// however long a loaded machine takes to get there
		properties = { "sample.embedded-redis=never", "sample.workers=2", "jobqueue.visibility-timeout=500ms",
				"jobqueue.reclaimer.interval=100ms", "jobqueue.max-attempts=1000" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoReclaimerTests {

	static final String QUEUE = "sample-reclaimer-" + UUID.randomUUID().toString().substring(0, 8);

	static final Duration WAIT = Duration.ofSeconds(60);

	@LocalServerPort
	int port;

	@Autowired
	JobQueueOperations jobs;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		DemoHttp.useSharedRedis(registry, QUEUE);
	}

	@AfterEach
	void resetQueue() {
		new DemoHttp(this.port).post("/reset");
	}

	@Test
	@Order(1) // before any reset stops the workers
	void workersConfiguredWithSampleWorkersStartWithTheApplication() {
		JsonNode about = new DemoHttp(this.port).get("/about").json();
		assertThat(about.get("reclaimer").get("enabled").asBoolean()).isTrue();
		assertThat(about.get("reclaimer").get("interval_ms").asLong()).isEqualTo(100);
		assertThat(new DemoHttp(this.port).stats().get("workers_running").asInt()).isEqualTo(2);
	}

	@Test
	void theAutomaticReclaimerReturnsAHungJobWhoseLateResultIsRejected() {
		DemoHttp http = new DemoHttp(this.port);
		http.post("/workers/start", "size", "1", "work_latency_ms", "0", "hang_rate", "1");
		String id = http.post("/enqueue", "kind", "webhook").json().get("enqueued").get(0).asString();
		JsonNode sweep = await().atMost(WAIT).until(() -> firstSweep(http), (found) -> found != null);
		assertThat(sweep.get("source").asString()).isEqualTo("automatic");
		assertThat(sweep.get("reclaimed").get(0).asString()).isEqualTo(id);
		assertThat(this.jobs.getJob(QUEUE, id).map(JobRecord::reclaimedAt)).isPresent();
		assertThat(http.get("/activity").json().get("automatic_reclaimed_total").asLong()).isPositive();

		http.post("/workers/configure", "hang_rate", "0");
		JobRecord done = await().atMost(WAIT)
			.until(() -> this.jobs.getJob(QUEUE, id).orElseThrow(), (job) -> "completed".equals(job.status()));
		assertThat(done.attempts()).as("the hung attempt and at least one more").isGreaterThanOrEqualTo(2);
		assertThat(done.result()).contains("\"attempts\":" + done.attempts()).doesNotContain("late");
	}

	private static JsonNode firstSweep(DemoHttp http) {
		JsonNode sweeps = http.get("/activity").json().get("reclaims");
		return sweeps.isEmpty() ? null : sweeps.get(sweeps.size() - 1);
	}

}
