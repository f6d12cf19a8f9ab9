package dev.jobqueue.sample;

import java.time.Duration;
import java.util.UUID;

import dev.jobqueue.test.RedisTestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lifecycle routes of the demo over real HTTP against a real Redis: {@code wait_ms}
 * on {@code POST /enqueue}, {@code POST /jobs/cancel}, and progress in {@code GET /jobs}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.embedded-redis=never", "jobqueue.visibility-timeout=10s" })
class DemoLifecycleRoutesTests {

	static final String QUEUE = "sample-lifecycle-" + UUID.randomUUID().toString().substring(0, 8);

	static final Duration WAIT = Duration.ofSeconds(60);

	static RedisTestServer server;

	@LocalServerPort
	int port;

	DemoHttp http;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		server = DemoHttp.useSharedRedis(registry, QUEUE);
	}

	@BeforeEach
	@AfterEach
	void resetQueue() {
		this.http = new DemoHttp(this.port);
		assertThat(this.http.post("/reset").status()).isEqualTo(200);
	}

	@Test
	void waitMsAnswersWithTheResultWhenTheJobFinishesInTime() {
		this.http.post("/workers/start", "size", "1", "work_latency_ms", "50");

		DemoHttp.Response response = this.http.post("/enqueue", "kind", "invoice", "wait_ms", "30000");

		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("id").asString()).hasSize(16);
		assertThat(body.get("status").asString()).isEqualTo("completed");
		assertThat(body.get("result").get("echo").get("kind").asString()).isEqualTo("invoice");
	}

	@Test
	void waitMsAnswers202WithTheIdWhenTimeRunsOut() {
		DemoHttp.Response response = this.http.post("/enqueue", "wait_ms", "300");

		assertThat(response.status()).isEqualTo(202);
		assertThat(response.json().get("id").asString()).hasSize(16);
		assertThat(response.json().get("status").asString()).isEqualTo("pending");
	}

	@Test
	void waitMsIsCheckedAndNeedsACountOfOne() {
		assertThat(this.http.post("/enqueue", "wait_ms", "60001").status()).isEqualTo(400);
		assertThat(this.http.post("/enqueue", "wait_ms", "-1").status()).isEqualTo(400);
		DemoHttp.Response many = this.http.post("/enqueue", "wait_ms", "100", "count", "2");
		assertThat(many.status()).isEqualTo(400);
		assertThat(many.json().get("field").asString()).isEqualTo("wait_ms");
	}

	@Test
	void cancelRemovesAPendingJobAndAnswersForFinishedAndUnknownJobs() {
		String id = this.http.post("/enqueue").json().get("enqueued").get(0).asString();

		DemoHttp.Response cancelled = this.http.post("/jobs/cancel", "id", id);
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().get("outcome").asString()).isEqualTo("cancelled");
		assertThat(cancelled.json().get("previous_status").asString()).isEqualTo("pending");
		assertThat(this.http.get("/jobs").json().get("pending")).isEmpty();

		DemoHttp.Response again = this.http.post("/jobs/cancel", "id", id);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("error").asString()).contains("already cancelled");
		assertThat(this.http.post("/jobs/cancel", "id", "ffffffffffffffff").status()).isEqualTo(404);
		assertThat(this.http.post("/jobs/cancel").status()).isEqualTo(400);
	}

	@Test
	void aRunningJobShowsItsProgressAndCanBeCancelled() {
		this.http.post("/workers/start", "size", "1", "work_latency_ms", "20000");
		String id = this.http.post("/enqueue").json().get("enqueued").get(0).asString();
		await().atMost(WAIT).until(() -> {
			JsonNode processing = this.http.get("/jobs").json().get("processing");
			return processing.size() == 1 && processing.get(0).has("progress")
					&& processing.get(0).get("progress").asInt() >= 10;
		});

		DemoHttp.Response cancelled = this.http.post("/jobs/cancel", "id", id);

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().get("outcome").asString()).isEqualTo("cancelled_running");
		await().atMost(WAIT).until(() -> this.http.get("/jobs").json().get("processing").isEmpty());
		assertThat(this.http.get("/stats").json().get("worker_processed_total").asLong()).isZero();
	}

}
