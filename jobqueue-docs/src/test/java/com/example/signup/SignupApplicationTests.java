package com.example.signup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the getting-started application of README.md as written, with its
 * {@code application.yml}, against a Redis this test starts: a signup's job completes and
 * shows in {@code /actuator/jobqueue} and {@code /actuator/health/jobqueue}.
 */
class SignupApplicationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static RedisTestServer redis;

	private static ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void start() {
		redis = RedisTestServers.startOwned(RedisServerOptions.defaults());
		context = SpringApplication.run(SignupApplication.class, "--server.port=0",
				"--spring.data.redis.url=" + redis.uri());
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void signupRunsItsJobAndTheJobShowsInTheActuator() throws Exception {
		String id = send("POST", "/signup?email=ada@example.com").body();
		JsonNode job = awaitStatus(id, "completed");
		assertThat(job.get("attempts").asInt()).isOne();
		assertThat(job.get("payload").get("recipient").asString()).as("payload shown by show-values: always")
			.isEqualTo("ada@example.com");
		assertThat(job.get("result").get("sentTo").asString()).isEqualTo("ada@example.com");

		JsonNode queue = get("/actuator/jobqueue").get("queues").get("emails");
		assertThat(queue.get("settings").get("maxAttempts").asInt()).as("max-attempts from application.yml")
			.isEqualTo(5);
		assertThat(queue.get("workers").get("concurrency").asInt()).as("concurrency from application.yml").isEqualTo(4);
		JsonNode health = get("/actuator/health/jobqueue");
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("details")).as("details shown by show-details: always").isNotNull();
	}

	@Test
	void failingJobIsRetriedThenFailedWithItsError() throws Exception {
		String id = send("POST", "/signup?email=nobody@example.invalid").body();
		JsonNode job = awaitStatus(id, "failed");
		assertThat(job.get("attempts").asInt()).isEqualTo(5);
		assertThat(job.get("lastError").asString())
			.isEqualTo("java.lang.IllegalArgumentException: no mailbox for nobody@example.invalid");
	}

	private JsonNode awaitStatus(String id, String status) {
		return await().atMost(WAIT)
			.until(() -> send("GET", "/actuator/jobqueue/emails/" + id),
					(response) -> response.statusCode() == 200
							&& status.equals(this.json.readTree(response.body()).get("status").asString()))
			.body()
			.transform(this.json::readTree);
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = send("GET", path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
