package dev.jobqueue.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import dev.jobqueue.scheduling.RecurringJobScheduler;
import dev.jobqueue.test.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every route of the demo over real HTTP against a real Redis, checked against the
 * reference demo's shapes and against what Redis holds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"sample.embedded-redis=never", "jobqueue.visibility-timeout=3s", "jobqueue.reclaimer.enabled=false" })
class DemoRoutesTests {

	static final String QUEUE = "sample-routes-" + UUID.randomUUID().toString().substring(0, 8);

	static final Duration WAIT = Duration.ofSeconds(60);

	static RedisTestServer server;

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	DemoHttp http;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		server = DemoHttp.useSharedRedis(registry, QUEUE);
	}

	@BeforeEach
	@AfterEach
	void resetQueueAndKnobs() {
		this.http = new DemoHttp(this.port);
		assertThat(this.http.post("/reset").status()).isEqualTo(200);
		assertThat(this.http.post("/workers/configure", "work_latency_ms", "400", "fail_rate", "0", "hang_rate", "0")
			.status()).isEqualTo(200);
	}

	@Test
	void theDashboardIsMountedReadOnlyAndShowsTheDemoQueue() {
		DemoHttp.Response page = this.http.get("/jobqueue");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("name=\"jobqueue-actions\" content=\"false\"");
		assertThat(this.http.get("/jobqueue/api/overview").body()).contains("\"name\":\"" + QUEUE + "\"");
		assertThat(this.http.get("/").body()).contains("href=\"/jobqueue\"");
	}

	@Test
	void withoutTheHeartbeatCronThereIsNoHeartbeat(@Autowired ApplicationContext context) {
		assertThat(context.getBeansOfType(HeartbeatJobs.class)).isEmpty();
		assertThat(context.getBean(RecurringJobScheduler.class).getScheduleStates()).isEmpty();
	}

	@Test
	void statsAnswersTheReferenceFieldsInTheReferenceOrder() {
		DemoHttp.Response response = this.http.get("/stats");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		assertThat(response.fieldNames()).containsExactly("enqueued_total", "completed_total", "failed_total",
				"reclaimed_total", "pending_depth", "processing_depth", "completed_depth", "failed_depth",
				"delayed_depth", "visibility_ms", "workers_running", "worker_processed_total", "work_latency_ms",
				"fail_rate", "hang_rate", "paused", "high_depth", "normal_depth", "low_depth", "grouped_depth");
		JsonNode stats = response.json();
		assertThat(stats.get("visibility_ms").asLong()).isEqualTo(3000);
		assertThat(stats.get("work_latency_ms").asLong()).isEqualTo(400);
		assertThat(stats.get("workers_running").asInt()).isZero();
	}

	@Test
	void enqueueWritesOnePayloadPerCountWithKindRecipientAndSequence() {
		DemoHttp.Response response = this.http.post("/enqueue", "kind", "invoice", "recipient", "ada@example.com",
				"count", "3");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.fieldNames()).containsExactly("enqueued", "stats");
		List<String> ids = strings(response.json().get("enqueued"));
		assertThat(ids).hasSize(3).allMatch((id) -> id.matches("[0-9a-f]{16}"));
		for (int n = 1; n <= 3; n++) {
			assertThat(
					this.redis.<String, String>opsForHash().get("queue:" + QUEUE + ":job:" + ids.get(n - 1), "payload"))
				.isEqualTo("{\"kind\":\"invoice\",\"recipient\":\"ada@example.com\",\"n\":" + n + "}");
		}
		assertThat(this.redis.opsForList().size("queue:" + QUEUE + ":pending")).isEqualTo(3);
		assertThat(response.json().get("stats").get("pending_depth").asLong()).isEqualTo(3);
		assertThat(response.json().get("stats").get("enqueued_total").asLong()).isEqualTo(3);
	}

	@Test
	void enqueueWithoutFieldsEnqueuesOneEmailToUserAtExampleCom() {
		List<String> ids = strings(this.http.post("/enqueue").json().get("enqueued"));
		assertThat(ids).hasSize(1);
		assertThat(this.redis.<String, String>opsForHash().get("queue:" + QUEUE + ":job:" + ids.get(0), "payload"))
			.isEqualTo("{\"kind\":\"email\",\"recipient\":\"user@example.com\",\"n\":1}");
	}

	@Test
	void enqueueTakesTheFirstValueOfARepeatedField() {
		DemoHttp.Response response = this.http.post("/enqueue", "count", "2", "count", "40", "kind", "webhook", "kind",
				"email");
		assertThat(response.json().get("enqueued")).hasSize(2);
		JsonNode pending = this.http.get("/jobs").json().get("pending");
		assertThat(pending.get(0).get("payload").get("kind").asString()).isEqualTo("webhook");
	}

	@ParameterizedTest
	@CsvSource({ "0", "51", "1000", "-1", "abc", "2.5" })
	void enqueueRejectsCountsOutsideOneToFifty(String count) {
		DemoHttp.Response response = this.http.post("/enqueue", "count", count);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("field").asString()).isEqualTo("count");
		assertThat(response.json().get("error").asString()).contains("count must be an integer from 1 to 50")
			.contains(count);
		assertThat(this.redis.hasKey("queue:" + QUEUE + ":pending")).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "-1", "86400001", "abc", "1.5", "99999999999" })
	void enqueueRejectsDelaysOutsideZeroToOneDay(String delay) {
		DemoHttp.Response response = this.http.post("/enqueue", "delay_ms", delay);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("field").asString()).isEqualTo("delay_ms");
		assertThat(response.json().get("error").asString()).contains("delay_ms must be an integer from 0 to 86400000")
			.contains(delay);
		assertThat(this.redis.hasKey("queue:" + QUEUE + ":pending")).isFalse();
		assertThat(this.redis.hasKey("queue:" + QUEUE + ":delayed")).isFalse();
	}

	@Test
	void enqueueWithADelayWaitsInTheDelayedSetSoonestFirst() {
		long before = System.currentTimeMillis();
		List<String> later = strings(
				this.http.post("/enqueue", "count", "2", "delay_ms", "86400000").json().get("enqueued"));
		DemoHttp.Response response = this.http.post("/enqueue", "kind", "webhook", "delay_ms", "3600000");
		List<String> sooner = strings(response.json().get("enqueued"));
		assertThat(response.json().get("stats").get("delayed_depth").asLong()).isEqualTo(3);
		assertThat(response.json().get("stats").get("pending_depth").asLong()).isZero();
		assertThat(this.redis.opsForZSet().size("queue:" + QUEUE + ":delayed")).isEqualTo(3);

		JsonNode delayed = this.http.get("/jobs").json().get("delayed");
		assertThat(delayed).hasSize(3);
		assertThat(delayed.get(0).get("id").asString()).as("soonest first").isEqualTo(sooner.get(0));
		assertThat(List.of(delayed.get(1).get("id").asString(), delayed.get(2).get("id").asString()))
			.containsExactlyInAnyOrderElementsOf(later);
		JsonNode first = delayed.get(0);
		assertThat(new ArrayList<>(first.propertyNames())).containsExactly("id", "status", "attempts", "payload",
				"result", "last_error", "run_at_ms");
		assertThat(first.get("status").asString()).isEqualTo("delayed");
		assertThat(first.get("payload").get("kind").asString()).isEqualTo("webhook");
		assertThat(first.get("run_at_ms").asLong()).isBetween(before + 3_600_000,
				System.currentTimeMillis() + 3_600_000);
		assertThat(delayed.get(1).get("run_at_ms").asLong()).isGreaterThanOrEqualTo(before + 86_400_000);
		assertThat(this.http.stats().get("delayed_depth").asLong()).isEqualTo(3);
	}

	@Test
	void aDelayedJobRunsOnceDueAndAZeroDelayIsAPlainJob() {
		long before = System.currentTimeMillis();
		String delayed = strings(this.http.post("/enqueue", "delay_ms", "1500").json().get("enqueued")).get(0);
		String plain = strings(this.http.post("/enqueue", "delay_ms", "0").json().get("enqueued")).get(0);
		assertThat(this.redis.<String, String>opsForHash().keys("queue:" + QUEUE + ":job:" + plain))
			.as("the reference's fields of a pending job, no run_at_ms")
			.containsExactlyInAnyOrder("id", "payload", "status", "attempts", "enqueued_at_ms", "claim_token");
		this.http.post("/workers/start", "size", "2", "work_latency_ms", "0");
		awaitStat("completed_depth", 2);
		String completedAt = this.redis.<String, String>opsForHash()
			.get("queue:" + QUEUE + ":job:" + delayed, "completed_at_ms");
		assertThat(Long.parseLong(completedAt)).isGreaterThanOrEqualTo(before + 1500);
		assertThat(this.http.get("/jobs").json().get("delayed")).isEmpty();
	}

	@Test
	void enqueueTakesAPriorityAndAGroupAndStatsShowTheirDepths() {
		this.http.post("/enqueue", "priority", "high", "count", "2");
		this.http.post("/enqueue", "priority", "low");
		DemoHttp.Response response = this.http.post("/enqueue", "group", "tenant-a", "count", "3");
		assertThat(response.status()).isEqualTo(200);

		JsonNode stats = response.json().get("stats");
		assertThat(stats.get("high_depth").asLong()).isEqualTo(2);
		assertThat(stats.get("low_depth").asLong()).isEqualTo(1);
		assertThat(stats.get("normal_depth").asLong()).isZero();
		assertThat(stats.get("grouped_depth").asLong()).isEqualTo(3);
		assertThat(this.redis.opsForList().size("queue:" + QUEUE + ":pending:high")).isEqualTo(2);
		assertThat(this.redis.opsForList().size("queue:" + QUEUE + ":group-pending:tenant-a")).isEqualTo(3);
	}

	@Test
	void enqueueRejectsAnUnknownPriorityAndATooLongGroupNamingTheField() {
		DemoHttp.Response priority = this.http.post("/enqueue", "priority", "urgent");
		assertThat(priority.status()).isEqualTo(400);
		assertThat(priority.json().get("field").asString()).isEqualTo("priority");
		DemoHttp.Response group = this.http.post("/enqueue", "group", "g".repeat(101));
		assertThat(group.status()).isEqualTo(400);
		assertThat(group.json().get("field").asString()).isEqualTo("group");
		assertThat(this.redis.hasKey("queue:" + QUEUE + ":pending")).isFalse();
	}

	@Test
	void pauseAndResumeShowInStats() {
		DemoHttp.Response paused = this.http.post("/queue/pause");
		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.json().get("paused").asBoolean()).isTrue();
		assertThat(this.http.get("/stats").json().get("paused").asBoolean()).isTrue();
		DemoHttp.Response resumed = this.http.post("/queue/resume");
		assertThat(resumed.json().get("paused").asBoolean()).isFalse();
	}

	@Test
	void enqueueRejectsAnUnknownKind() {
		DemoHttp.Response response = this.http.post("/enqueue", "kind", "fax");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("field").asString()).isEqualTo("kind");
		assertThat(response.json().get("error").asString())
			.isEqualTo("kind must be one of email, webhook, thumbnail, invoice, got 'fax'");
	}

	@ParameterizedTest
	@CsvSource({ "size, 9, from 0 to 8", "size, -1, from 0 to 8", "work_latency_ms, 60001, from 0 to 60000",
			"fail_rate, 1.5, from 0 to 1", "hang_rate, -0.1, from 0 to 1", "fail_rate, abc, from 0 to 1" })
	void workersStartRejectsValuesOutsideTheReferenceRanges(String field, String value, String range) {
		DemoHttp.Response response = this.http.post("/workers/start", field, value);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("field").asString()).isEqualTo(field);
		assertThat(response.json().get("error").asString()).startsWith(field + " must be").contains(range);
		assertThat(this.http.stats().get("workers_running").asInt()).isZero();
	}

	@Test
	void workersStartRunsTheWorkersWhichCompleteJobsWithTheReferenceResult() {
		this.http.post("/enqueue", "kind", "thumbnail", "count", "4");
		JsonNode started = this.http.post("/workers/start", "size", "2", "work_latency_ms", "0").json();
		assertThat(started.get("workers_running").asInt()).isEqualTo(2);
		assertThat(started.get("work_latency_ms").asLong()).isZero();
		awaitStat("completed_depth", 4);
		JsonNode stats = this.http.stats();
		assertThat(stats.get("completed_total").asLong()).isEqualTo(4);
		assertThat(stats.get("worker_processed_total").asLong()).isEqualTo(4);
		for (JsonNode job : this.http.get("/jobs").json().get("completed")) {
			assertThat(job.get("status").asString()).isEqualTo("completed");
			assertThat(job.get("attempts").asInt()).isEqualTo(1);
			assertThat(job.get("last_error").isNull()).isTrue();
			JsonNode result = job.get("result");
			assertThat(new ArrayList<>(result.propertyNames())).containsExactly("worker", "echo", "attempts");
			assertThat(result.get("worker").asString()).matches("worker-[12]");
			assertThat(result.get("echo")).isEqualTo(job.get("payload"));
			assertThat(result.get("attempts").asInt()).isEqualTo(1);
		}
	}

	@Test
	void failingWorkersRetryUntilTheLastAttemptWithTheReferenceErrorText() {
		this.http.post("/enqueue", "count", "2");
		this.http.post("/workers/start", "size", "1", "work_latency_ms", "0", "fail_rate", "1");
		awaitStat("failed_depth", 2);
		JsonNode failed = this.http.get("/jobs").json().get("failed");
		assertThat(failed).hasSize(2);
		for (JsonNode job : failed) {
			assertThat(job.get("status").asString()).isEqualTo("failed");
			assertThat(job.get("attempts").asInt()).isEqualTo(3);
			assertThat(job.get("last_error").asString())
				.isEqualTo(SimulatedFailureException.class.getName() + ": worker-1 simulated failure");
			assertThat(job.get("result").isNull()).isTrue();
		}
		JsonNode stats = this.http.stats();
		assertThat(stats.get("failed_total").asLong()).isEqualTo(2);
		assertThat(stats.get("worker_processed_total").asLong()).isZero();
	}

	@Test
	void aHangingWorkerLeavesItsJobInProcessingUntilASweepReturnsIt() {
		String id = strings(this.http.post("/enqueue").json().get("enqueued")).get(0);
		this.http.post("/workers/start", "size", "1", "work_latency_ms", "0", "hang_rate", "1");
		awaitStat("processing_depth", 1);
		this.http.post("/workers/stop");
		JsonNode processing = this.http.get("/jobs").json().get("processing");
		assertThat(processing.get(0).get("id").asString()).isEqualTo(id);
		assertThat(processing.get(0).get("status").asString()).isEqualTo("processing");
		assertThat(this.http.post("/reclaim").json().get("reclaimed")).isEmpty();
		JsonNode swept = await().atMost(WAIT)
			.until(() -> this.http.post("/reclaim").json(), (body) -> !body.get("reclaimed").isEmpty());
		assertThat(strings(swept.get("reclaimed"))).containsExactly(id);
		assertThat(swept.get("failed")).isEmpty();
		assertThat(swept.get("stats").get("pending_depth").asLong()).isEqualTo(1);
		assertThat(swept.get("stats").get("reclaimed_total").asLong()).isEqualTo(1);
		JsonNode sweeps = this.http.get("/activity").json().get("reclaims");
		assertThat(sweeps.get(0).get("source").asString()).isEqualTo("manual");
		assertThat(strings(sweeps.get(0).get("reclaimed"))).containsExactly(id);
	}

	@Test
	void reclaimWithNothingStaleAnswersNoIdsAndTheStats() {
		DemoHttp.Response response = this.http.post("/reclaim");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.fieldNames()).containsExactly("reclaimed", "failed", "stats");
		assertThat(response.json().get("reclaimed")).isEmpty();
	}

	@Test
	void workersStopStopsEveryWorker() {
		assertThat(this.http.post("/workers/start", "size", "3").json().get("workers_running").asInt()).isEqualTo(3);
		this.http.post("/workers/stop");
		awaitStat("workers_running", 0);
	}

	@Test
	void workersStartResizesTheRunningPool() {
		this.http.post("/workers/start", "size", "4");
		assertThat(this.http.post("/workers/start", "size", "1").json().get("workers_running").asInt()).isEqualTo(1);
		assertThat(this.http.post("/workers/start", "size", "0").json().get("workers_running").asInt()).isZero();
	}

	@Test
	void workersConfigureChangesOnlyTheGivenKnobs() {
		JsonNode stats = this.http.post("/workers/configure", "fail_rate", "0.25").json();
		assertThat(stats.get("fail_rate").asDouble()).isEqualTo(0.25);
		assertThat(stats.get("hang_rate").asDouble()).isZero();
		assertThat(stats.get("work_latency_ms").asLong()).isEqualTo(400);
		stats = this.http.post("/workers/configure", "work_latency_ms", "50", "hang_rate", "0.5").json();
		assertThat(stats.get("work_latency_ms").asLong()).isEqualTo(50);
		assertThat(stats.get("fail_rate").asDouble()).isEqualTo(0.25);
		assertThat(stats.get("hang_rate").asDouble()).isEqualTo(0.5);
		DemoHttp.Response rejected = this.http.post("/workers/configure", "hang_rate", "2");
		assertThat(rejected.status()).isEqualTo(400);
		assertThat(rejected.json().get("field").asString()).isEqualTo("hang_rate");
		assertThat(this.http.stats().get("hang_rate").asDouble()).isEqualTo(0.5);
	}

	@Test
	void resetStopsTheWorkersDeletesTheQueueAndZeroesTheCounters() {
		this.http.post("/enqueue", "count", "5");
		this.http.post("/workers/start", "size", "2", "work_latency_ms", "0");
		awaitStat("completed_depth", 5);
		DemoHttp.Response response = this.http.post("/reset");
		assertThat(response.fieldNames()).containsExactly("stats");
		JsonNode stats = response.json().get("stats");
		for (String counter : List.of("enqueued_total", "completed_total", "pending_depth", "completed_depth",
				"workers_running", "worker_processed_total")) {
			assertThat(stats.get(counter).asLong()).as(counter).isZero();
		}
		// Left on purpose: the dashboard's instance registry (its heartbeat registers the
		// running app again), the settings hash instances share (queue:<name>:settings),
		// and the per-minute throughput counts (queue:<name>:counts:<minute>), which
		// expire.
		assertThat(this.redis.keys("queue:" + QUEUE + ":*"))
			.filteredOn((key) -> !key.endsWith(":instances") && !key.endsWith(":instance-info")
					&& !key.equals("queue:" + QUEUE + ":settings") && !key.startsWith("queue:" + QUEUE + ":counts:"))
			.as("keys left after reset besides the instance registry, settings and per-minute counts")
			.isEmpty();
	}

	@Test
	void jobsShowsEveryListWithItemsInTheReferenceShape() {
		this.http.post("/enqueue", "count", "3");
		DemoHttp.Response response = this.http.get("/jobs");
		assertThat(response.fieldNames()).containsExactly("pending", "processing", "completed", "failed", "delayed");
		JsonNode pending = response.json().get("pending");
		assertThat(pending).hasSize(3);
		for (int i = 0; i < 3; i++) {
			JsonNode job = pending.get(i);
			assertThat(new ArrayList<>(job.propertyNames())).containsExactly("id", "status", "attempts", "payload",
					"result", "last_error");
			assertThat(job.get("payload").get("n").asInt()).as("oldest first").isEqualTo(i + 1);
			assertThat(job.get("status").asString()).isEqualTo("pending");
			assertThat(job.get("attempts").isInt()).isTrue();
			assertThat(job.get("result").isNull()).isTrue();
			assertThat(job.get("last_error").isNull()).isTrue();
		}
	}

	@Test
	void jobsShowsUnknownForAnIdWhoseHashIsGone() {
		String id = strings(this.http.post("/enqueue").json().get("enqueued")).get(0);
		this.redis.delete("queue:" + QUEUE + ":job:" + id);
		JsonNode job = this.http.get("/jobs").json().get("pending").get(0);
		assertThat(job.get("id").asString()).isEqualTo(id);
		assertThat(job.get("status").asString()).isEqualTo("unknown");
		assertThat(job.get("attempts").asInt()).isZero();
		assertThat(job.get("payload").isObject()).isTrue();
		assertThat(job.get("payload").isEmpty()).isTrue();
	}

	@Test
	void jobsShowsTheTenNewestCompletedJobs() {
		this.http.post("/enqueue", "count", "12");
		this.http.post("/workers/start", "size", "1", "work_latency_ms", "0");
		awaitStat("completed_depth", 12);
		JsonNode completed = this.http.get("/jobs").json().get("completed");
		assertThat(completed).hasSize(10);
		assertThat(completed.get(0).get("payload").get("n").asInt()).as("newest first").isEqualTo(12);
	}

	@ParameterizedTest
	@CsvSource({ "GET, /nope", "GET, /enqueue", "POST, /jobs", "DELETE, /stats", "GET, /workers" })
	void otherRoutesAndMethodsAnswerPlainNotFound(String method, String path) {
		DemoHttp.Response response = this.http.send(method, path);
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.contentType()).startsWith("text/plain");
		assertThat(response.body()).isEqualTo("Not Found");
	}

	@ParameterizedTest
	@CsvSource({ "/", "/index.html" })
	void thePageIsServedAtTheRootAndAtIndexHtml(String path) {
		DemoHttp.Response response = this.http.get(path);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("text/html");
		assertThat(response.body()).contains("<title>jobqueue demo</title>").contains("demo.js");
		assertThat(this.http.get("/demo.js").status()).isEqualTo(200);
		assertThat(this.http.get("/demo.css").status()).isEqualTo(200);
	}

	@Test
	void actuatorExposesHealthInfoMetricsAndJobqueueOnly() {
		JsonNode health = this.http.get("/actuator/health").json();
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("redis").get("status").asString()).isEqualTo("UP");
		assertThat(this.http.get("/actuator/info").status()).isEqualTo(200);
		assertThat(this.http.get("/actuator/metrics").json().get("names")).isNotEmpty();
		assertThat(this.http.get("/actuator/jobqueue").status()).isEqualTo(200);
		assertThat(this.http.get("/actuator/jobqueue").body()).contains(QUEUE);
		assertThat(this.http.get("/actuator/env").status()).isEqualTo(404);
		assertThat(this.http.get("/actuator/beans").status()).isEqualTo(404);
	}

	@Test
	void aboutNamesTheRedisTheQueueAndItsSettings() {
		JsonNode about = this.http.get("/about").json();
		assertThat(about.get("queue").asString()).isEqualTo(QUEUE);
		assertThat(about.get("visibility_ms").asLong()).isEqualTo(3000);
		assertThat(about.get("max_attempts").asInt()).isEqualTo(3);
		assertThat(about.get("keys").get("pending").asString()).isEqualTo("queue:" + QUEUE + ":pending");
		JsonNode redis = about.get("redis");
		assertThat(redis.get("host").asString()).isEqualTo(server.host());
		assertThat(redis.get("port").asInt()).isEqualTo(server.port());
		assertThat(redis.get("embedded").asBoolean()).isFalse();
		assertThat(redis.get("version").asString()).isEqualTo(server.version());
		assertThat(about.get("reclaimer").get("enabled").asBoolean()).isFalse();
	}

	@Test
	void activityHasOneSampleOfTheQueueEachSecond() {
		this.http.post("/enqueue", "count", "2");
		JsonNode activity = await().atMost(WAIT)
			.until(() -> this.http.get("/activity").json(),
					(body) -> lastSample(body) != null && lastSample(body).get("pending_depth").asLong() == 2);
		assertThat(activity.get("interval_ms").asLong()).isEqualTo(1000);
		long last = lastSample(activity).get("t").asLong();
		assertThat(this.http.get("/activity?since=" + last).json().get("samples"))
			.allMatch((sample) -> sample.get("t").asLong() > last);
	}

	private void awaitStat(String field, long value) {
		await().atMost(WAIT).untilAsserted(() -> {
			JsonNode stats = this.http.stats();
			assertThat(stats.get(field).asLong()).as(stats.toString()).isEqualTo(value);
		});
	}

	private static JsonNode lastSample(JsonNode activity) {
		JsonNode samples = activity.get("samples");
		return samples.isEmpty() ? null : samples.get(samples.size() - 1);
	}

	private static List<String> strings(JsonNode array) {
		return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asString).toList();
	}

}
