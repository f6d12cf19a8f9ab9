package dev.jobqueue.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the jar that {@code package} builds with {@code java -jar}, as a user would,
 * against a Redis this test starts: the actuator's health is UP and enqueued jobs
 * complete; and once more with the JVM option docs/operations.md recommends for
 * short-lived workers. Run by failsafe, after the jar is repackaged.
 */
class PackagedJarIT {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private static final Duration JOBS = Duration.ofSeconds(60);

	@Test
	void packagedJarStartsAndRunsJobs() throws Exception {
		Path jar = jar();
		try (JarFile file = new JarFile(jar.toFile())) {
			assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
				.isEqualTo("org.springframework.boot.loader.launch.JarLauncher");
			assertThat(file.getManifest().getMainAttributes().getValue("Start-Class"))
				.isEqualTo(SampleApplication.class.getName());
		}
		startAndRunJobs(jar, List.of(), "packaged-jar.log");
	}

	/**
	 * The JVM option that docs/operations.md recommends for short-lived workers (the JIT
	 * stopped at its first tier): the jar starts and runs jobs with it.
	 */
	@Test
	void packagedJarRunsJobsWithTieredStopAtLevel1() throws Exception {
		startAndRunJobs(jar(), List.of("-XX:TieredStopAtLevel=1"), "packaged-jar-tiered-stop-at-level-1.log");
	}

	private static Path jar() {
		Path jar = Path.of(System.getProperty("jobqueue.sample.jar", "target/jobqueue-sample-app.jar"));
		assertThat(jar).isRegularFile();
		return jar;
	}

	/**
	 * Starts the jar with {@code java [jvmOptions] -jar} against a Redis of its own,
	 * waits for its health to be UP, enqueues three jobs through the app and waits for
	 * them to complete.
	 */
	private static void startAndRunJobs(Path jar, List<String> jvmOptions, String logName) throws Exception {
		try (RedisTestServer redis = RedisTestServers.startOwned(RedisServerOptions.defaults())) {
			int port = freePort();
			Path log = jar.resolveSibling(logName);
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(jvmOptions);
			command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
					"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
					"--sample.embedded-redis=never", "--sample.workers=2"));
			Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			try {
				DemoHttp http = new DemoHttp(port);
				await().atMost(STARTUP)
					.pollInterval(Duration.ofMillis(500))
					.failFast("the application exited; see " + log, () -> !app.isAlive())
					.ignoreExceptions()
					.until(() -> "UP".equals(http.get("/actuator/health").json().get("status").asString()));
				JsonNode health = http.get("/actuator/health").json();
				assertThat(health.get("components").get("jobqueue").get("status").asString()).isEqualTo("UP");

				assertThat(http.post("/enqueue", "kind", "email", "count", "3").status()).isEqualTo(200);
				await().atMost(JOBS)
					.failFast("the application exited; see " + log, () -> !app.isAlive())
					.until(() -> http.stats().get("completed_total").asLong() == 3);
				JsonNode completed = http.get("/jobs").json().get("completed");
				assertThat(completed).hasSize(3);
				assertThat(completed.get(0).get("status").asString()).isEqualTo("completed");
			}
			finally {
				app.destroy();
				if (!app.waitFor(30, TimeUnit.SECONDS)) {
					app.destroyForcibly();
				}
			}
			assertThat(Files.readString(log)).contains("Started SampleApplication");
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
