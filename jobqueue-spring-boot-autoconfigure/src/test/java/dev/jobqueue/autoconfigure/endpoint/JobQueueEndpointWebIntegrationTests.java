package dev.jobqueue.autoconfigure.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.autoconfigure.TestRedis;
import dev.jobqueue.worker.JobContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@code /actuator/jobqueue}, {@code /actuator/metrics/jobqueue.jobs} and
 * {@code /actuator/health} over HTTP in a real web application on a real Redis.
 */
class JobQueueEndpointWebIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String queue = TestRedis.uniqueQueue("emails");

	@Test
	void readOperationsShowQueuesJobsAndHideValuesByDefault() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			String base = base(context);
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			String ok = producer.enqueue(this.queue, Map.of("kind", "email", "recipient", "a@example.com"));
			String bad = producer.enqueue(this.queue, Map.of("kind", "email", "recipient", "fail@example.com"));
			awaitStatus(base, ok, "completed");
			awaitStatus(base, bad, "failed");

			// the workers count an outcome just after recording it in Redis, so the
			// counters can trail the job's status for a moment
			JsonNode all = await().atMost(WAIT)
				.until(() -> get(base + "/actuator/jobqueue", 200),
						(node) -> settled(node.get("queues").get(this.queue)));
			JsonNode summary = all.get("queues").get(this.queue);
			assertThat(summary.get("depths").get("completed").asLong()).isOne();
			assertThat(summary.get("depths").get("failed").asLong()).isOne();
			assertThat(summary.get("counters").get("enqueued").asLong()).isEqualTo(2);
			assertThat(summary.get("counters").get("completed").asLong()).isOne();
			assertThat(summary.get("counters").get("retried").asLong()).isOne();
			assertThat(summary.get("counters").get("failed").asLong()).isOne();
			assertThat(summary.get("settings").get("maxAttempts").asInt()).isEqualTo(2);
			assertThat(summary.get("settings").get("pendingKey").asString())
				.isEqualTo("queue:" + this.queue + ":pending");
			assertThat(summary.get("workers").get("running").asBoolean()).isTrue();
			assertThat(summary.get("workers").get("concurrency").asInt()).isEqualTo(2);

			JsonNode details = get(base + "/actuator/jobqueue/" + this.queue, 200);
			JsonNode completed = details.get("recentCompleted").get(0);
			assertThat(completed.get("id").asString()).isEqualTo(ok);
			assertThat(completed.get("attempts").asInt()).isOne();
			assertThat(completed.get("payload").asString()).isEqualTo("******");
			assertThat(completed.get("result").asString()).isEqualTo("******");
			assertThat(completed.get("completedAt").asString()).endsWith("Z");
			assertThat(completed.get("progress").asInt()).isEqualTo(100);
			assertThat(completed.get("progressDetail").asString()).isEqualTo("******");
			JsonNode failed = details.get("recentFailed").get(0);
			assertThat(failed.get("attempts").asInt()).isEqualTo(2);
			assertThat(failed.get("lastError").asString())
				.isEqualTo("java.lang.IllegalArgumentException: mailbox fail@example.com does not exist");

			JsonNode job = get(base + "/actuator/jobqueue/" + this.queue + "/" + ok, 200);
			assertThat(job.get("status").asString()).isEqualTo("completed");
			get(base + "/actuator/jobqueue/" + this.queue + "/0000000000000000", 404);

			assertThat(send("POST", base + "/actuator/jobqueue/" + this.queue, "{\"action\":\"reclaim\"}").statusCode())
				.as("write operations need access")
				.isIn(404, 405);
			assertThat(send("POST", base + "/actuator/jobqueue/" + this.queue + "/" + ok, "{\"action\":\"cancel\"}")
				.statusCode()).as("cancel needs write access").isIn(404, 405);
			assertThat(send("DELETE", base + "/actuator/jobqueue/" + this.queue, null).statusCode()).isIn(404, 405);
			capture("jobqueue.json", all);
			capture("jobqueue-queue.json", details);
		}
	}

	@Test
	void writeOperationsWorkWhenAccessIsGrantedAndValuesShowWhenAllowed() throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoint.jobqueue.access=unrestricted",
				"jobqueue.endpoint.show-values=always")) {
			String base = base(context);
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			String bad = producer.enqueue(this.queue, Map.of("kind", "email", "recipient", "fail@example.com"));
			awaitStatus(base, bad, "failed");
			JsonNode job = get(base + "/actuator/jobqueue/" + this.queue + "/" + bad, 200);
			assertThat(job.get("payload").get("recipient").asString()).isEqualTo("fail@example.com");

			HttpResponse<String> retried = send("POST", base + "/actuator/jobqueue/" + this.queue + "/" + bad,
					"{\"action\":\"retry\"}");
			assertThat(retried.statusCode()).isEqualTo(200);
			assertThat(this.json.readTree(retried.body()).get("done").asBoolean()).isTrue();
			String firstFailure = job.get("lastErrorAt").asString();
			await().atMost(WAIT)
				.until(() -> get(base + "/actuator/jobqueue/" + this.queue + "/" + bad, 200),
						(again) -> "failed".equals(again.get("status").asString())
								&& !firstFailure.equals(again.get("lastErrorAt").asString()));

			HttpResponse<String> reclaim = send("POST", base + "/actuator/jobqueue/" + this.queue,
					"{\"action\":\"reclaim\"}");
			assertThat(reclaim.statusCode()).isEqualTo(200);
			assertThat(this.json.readTree(reclaim.body()).get("reclaimed").isArray()).isTrue();
			assertThat(send("POST", base + "/actuator/jobqueue/" + this.queue, "{\"action\":\"explode\"}").statusCode())
				.isEqualTo(400);

			assertThat(send("DELETE", base + "/actuator/jobqueue/" + this.queue + "/" + bad, null).statusCode())
				.isEqualTo(200);
			get(base + "/actuator/jobqueue/" + this.queue + "/" + bad, 404);

			String waiting = producer.enqueue(this.queue + "-idle", Map.of("n", 1));
			HttpResponse<String> cancelled = send("POST",
					base + "/actuator/jobqueue/" + this.queue + "-idle/" + waiting, "{\"action\":\"cancel\"}");
			assertThat(cancelled.statusCode()).isEqualTo(200);
			JsonNode cancel = this.json.readTree(cancelled.body());
			assertThat(cancel.get("done").asBoolean()).isTrue();
			assertThat(cancel.get("outcome").asString()).isEqualTo("CANCELLED");
			assertThat(cancel.get("previousStatus").asString()).isEqualTo("pending");
			assertThat(
					get(base + "/actuator/jobqueue/" + this.queue + "-idle/" + waiting, 200).get("status").asString())
				.isEqualTo("cancelled");
			JsonNode again = this.json.readTree(send("POST",
					base + "/actuator/jobqueue/" + this.queue + "-idle/" + waiting, "{\"action\":\"cancel\"}")
				.body());
			assertThat(again.get("done").asBoolean()).isFalse();
			assertThat(again.get("outcome").asString()).isEqualTo("ALREADY_FINISHED");

			producer.enqueue(this.queue + "-idle", Map.of("n", 1));
			HttpResponse<String> purge = send("DELETE", base + "/actuator/jobqueue/" + this.queue + "-idle", null);
			// pending list, cancelled list, and the two job hashes
			assertThat(this.json.readTree(purge.body()).get("deletedKeys").asLong()).isEqualTo(4);
		}
	}

	@Test
	void delayedJobsAreShownRunNowAndDeleted() throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoint.jobqueue.access=unrestricted")) {
			String base = base(context);
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			Map<String, String> email = Map.of("kind", "email", "recipient", "later@example.com");
			String later = producer.enqueue(this.queue, email, JobOptions.delay(Duration.ofHours(2)));
			String soon = producer.enqueue(this.queue, email, JobOptions.delay(Duration.ofHours(1)));

			JsonNode summary = get(base + "/actuator/jobqueue", 200).get("queues").get(this.queue);
			assertThat(summary.get("depths").get("delayed").asLong()).isEqualTo(2);
			JsonNode delayed = get(base + "/actuator/jobqueue/" + this.queue, 200).get("delayed");
			assertThat(delayed).hasSize(2);
			assertThat(delayed.get(0).get("id").asString()).as("soonest first").isEqualTo(soon);
			assertThat(delayed.get(1).get("id").asString()).isEqualTo(later);
			assertThat(delayed.get(0).get("status").asString()).isEqualTo("delayed");
			assertThat(Instant.parse(delayed.get(0).get("runAt").asString()))
				.isAfter(Instant.now().plus(Duration.ofMinutes(50)));
			String gauge = base + "/actuator/metrics/jobqueue.jobs?tag=queue:" + this.queue + "&tag=state:delayed";
			await().atMost(WAIT).until(() -> get(gauge, 200).get("measurements").get(0).get("value").asDouble() == 2.0);

			HttpResponse<String> runNow = send("POST", base + "/actuator/jobqueue/" + this.queue + "/" + soon,
					"{\"action\":\"run-now\"}");
			assertThat(runNow.statusCode()).isEqualTo(200);
			assertThat(this.json.readTree(runNow.body()).get("done").asBoolean()).isTrue();
			awaitStatus(base, soon, "completed");
			HttpResponse<String> again = send("POST", base + "/actuator/jobqueue/" + this.queue + "/" + soon,
					"{\"action\":\"run-now\"}");
			assertThat(this.json.readTree(again.body()).get("done").asBoolean()).as("no longer delayed").isFalse();

			assertThat(send("DELETE", base + "/actuator/jobqueue/" + this.queue + "/" + later, null).statusCode())
				.isEqualTo(200);
			get(base + "/actuator/jobqueue/" + this.queue + "/" + later, 404);
			summary = get(base + "/actuator/jobqueue", 200).get("queues").get(this.queue);
			assertThat(summary.get("depths").get("delayed").asLong()).isZero();
			await().atMost(WAIT).until(() -> get(gauge, 200).get("measurements").get(0).get("value").asDouble() == 0.0);
		}
	}

	@Test
	void schedulesAreShownWithTheirTicksAndTriggeredNow() throws Exception {
		try (ConfigurableApplicationContext context = start("management.endpoint.jobqueue.access=unrestricted",
				"jobqueue.schedules.digest.queue=" + this.queue, "jobqueue.schedules.digest.kind=email",
				"jobqueue.schedules.digest.payload={\"recipient\":\"digest@example.com\"}",
				"jobqueue.schedules.digest.cron=0 0 6 * * *", "jobqueue.schedules.digest.zone=Europe/Paris",
				"jobqueue.schedules.digest.missed-ticks=skip")) {
			String base = base(context);
			// the next tick is set once the scheduler's thread has checked for missed
			// ticks
			await().atMost(WAIT)
				.until(() -> get(base + "/actuator/jobqueue", 200).get("schedules").get(0),
						(found) -> found.hasNonNull("nextTick"));
			JsonNode schedule = get(base + "/actuator/jobqueue", 200).get("schedules").get(0);
			assertThat(schedule.get("name").asString()).isEqualTo("digest");
			assertThat(schedule.get("queue").asString()).isEqualTo(this.queue);
			assertThat(schedule.get("trigger").asString()).isEqualTo("0 0 6 * * * (Europe/Paris)");
			assertThat(schedule.get("missedTicks").asString()).isEqualTo("skip");
			assertThat(schedule.hasNonNull("lastTick")).as("no tick enqueued yet").isFalse();
			assertThat(Instant.parse(schedule.get("nextTick").asString())).isAfter(Instant.now());

			HttpResponse<String> triggered = send("POST", base + "/actuator/jobqueue/" + this.queue,
					"{\"action\":\"trigger\",\"schedule\":\"digest\"}");
			assertThat(triggered.statusCode()).isEqualTo(200);
			String id = this.json.readTree(triggered.body()).get("id").asString();
			awaitStatus(base, id, "completed");
			JsonNode job = get(base + "/actuator/jobqueue/" + this.queue + "/" + id, 200);
			assertThat(job.get("schedule").asString()).isEqualTo("digest");
			assertThat(job.get("scheduledAt").asString()).endsWith("Z");

			assertThat(send("POST", base + "/actuator/jobqueue/" + this.queue,
					"{\"action\":\"trigger\",\"schedule\":\"nope\"}")
				.statusCode()).isEqualTo(400);
			assertThat(send("POST", base + "/actuator/jobqueue/" + this.queue, "{\"action\":\"trigger\"}").statusCode())
				.isEqualTo(400);
			capture("jobqueue-schedules.json", get(base + "/actuator/jobqueue", 200).get("schedules"));
		}
	}

	@Test
	void runNowNeedsWriteAccess() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			String base = base(context);
			String id = context.getBean(JobQueueOperations.class)
				.enqueue(this.queue, Map.of("kind", "email", "recipient", "a@example.com"),
						JobOptions.delay(Duration.ofHours(1)));
			assertThat(send("POST", base + "/actuator/jobqueue/" + this.queue + "/" + id, "{\"action\":\"run-now\"}")
				.statusCode()).isIn(404, 405);
			assertThat(send("DELETE", base + "/actuator/jobqueue/" + this.queue + "/" + id, null).statusCode())
				.isIn(404, 405);
			assertThat(get(base + "/actuator/jobqueue/" + this.queue + "/" + id, 200).get("status").asString())
				.isEqualTo("delayed");
		}
	}

	@Test
	void metricsAndHealthAnswerOverHttp() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			String base = base(context);
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			for (int i = 0; i < 3; i++) {
				awaitStatus(base, producer.enqueue(this.queue, Map.of("kind", "email", "recipient", i + "@x.io")),
						"completed");
			}
			String url = base + "/actuator/metrics/jobqueue.jobs?tag=queue:" + this.queue + "&tag=state:completed";
			await().atMost(WAIT).until(() -> get(url, 200).get("measurements").get(0).get("value").asDouble() == 3.0);
			JsonNode counter = get(base + "/actuator/metrics/jobqueue.jobs.completed?tag=queue:" + this.queue, 200);
			assertThat(counter.get("measurements").get(0).get("value").asDouble()).isEqualTo(3.0);
			JsonNode timer = get(
					base + "/actuator/metrics/jobqueue.execution?tag=queue:" + this.queue + "&tag=outcome:completed",
					200);
			assertThat(timer.get("measurements").get(0).get("value").asDouble()).isEqualTo(3.0);
			get(base + "/actuator/metrics/jobqueue.wait?tag=queue:" + this.queue, 200);

			JsonNode health = get(base + "/actuator/health", 200);
			JsonNode jobqueue = health.get("components").get("jobqueue");
			assertThat(jobqueue.get("status").asString()).isEqualTo("UP");
			assertThat(jobqueue.get("details").get("workers").get(this.queue).get("running").asBoolean()).isTrue();
			capture("metrics-jobqueue.jobs.json", get(base + "/actuator/metrics/jobqueue.jobs", 200));
		}
	}

	private ConfigurableApplicationContext start(String... extra) {
		return new SpringApplicationBuilder(WebApp.class).properties("server.port=0", TestRedis.urlProperty(),
				"test.queue=" + this.queue, "management.endpoints.web.exposure.include=jobqueue,metrics,health",
				"management.endpoint.health.show-details=always", "jobqueue.queues." + this.queue + ".max-attempts=2",
				"jobqueue.queues." + this.queue + ".worker.concurrency=2", "jobqueue.worker.claim-timeout=200ms",
				"jobqueue.metrics.refresh-interval=100ms")
			.properties(extra)
			.run();
	}

	private static String base(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static boolean settled(JsonNode summary) {
		JsonNode counters = summary.get("counters");
		return counters.get("completed").asLong() >= 1 && counters.get("retried").asLong() >= 1
				&& counters.get("failed").asLong() >= 1;
	}

	private void awaitStatus(String base, String id, String status) {
		await().atMost(WAIT)
			.until(() -> send("GET", base + "/actuator/jobqueue/" + this.queue + "/" + id, null),
					(response) -> response.statusCode() == 200
							&& status.equals(this.json.readTree(response.body()).get("status").asString()));
	}

	private JsonNode get(String url, int expectedStatus) throws IOException, InterruptedException {
		HttpResponse<String> response = send("GET", url, null);
		assertThat(response.statusCode()).as(url).isEqualTo(expectedStatus);
		return (expectedStatus == 200) ? this.json.readTree(response.body()) : this.json.missingNode();
	}

	private HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		request.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private void capture(String file, JsonNode node) throws IOException {
		// Real responses for the README's samples.
		Path dir = Path.of("target", "actuator-samples");
		Files.createDirectories(dir);
		Files.writeString(dir.resolve(file), this.json.writeValueAsString(node));
	}

	@SpringBootConfiguration
	// the module's test classpath has JDBC for the transaction tests; this application
	// has no database
	@EnableAutoConfiguration(exclude = DataSourceAutoConfiguration.class)
	static class WebApp {

		@Bean
		EmailHandler emailHandler() {
			return new EmailHandler();
		}

	}

	static class EmailHandler {

		@JobHandler(queue = "${test.queue}", kind = "email")
		Map<String, Object> send(Map<String, String> email, JobContext context) {
			String recipient = email.get("recipient");
			if (recipient.startsWith("fail")) {
				throw new IllegalArgumentException("mailbox " + recipient + " does not exist");
			}
			context.reportProgress(100, Map.of("sent", recipient));
			return Map.of("delivered", recipient, "attempt", context.attempt());
		}

	}

}
