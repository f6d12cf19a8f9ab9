package dev.jobqueue.docs.lifecycle;

import java.util.Map;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.annotation.EnableJobHandlers;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the examples of docs/lifecycle.md against a real Redis, under a key prefix of its
 * own.
 */
class ExportJobsTests {

	private static final String PREFIX = "docs" + ProcessHandle.current().pid() + "-" + System.nanoTime();

	private static RedisTestServer server;

	private static LettuceConnectionFactory connectionFactory;

	@BeforeAll
	static void connect() {
		server = RedisTestServers.shared();
		connectionFactory = server.newConnectionFactory();
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@Test
	void theExamplesWaitCancelAndDeduplicate() throws Exception {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Setup.class)) {
			ExportJobs exports = context.getBean(ExportJobs.class);
			JobQueueOperations jobs = context.getBean(JobQueueOperations.class);

			assertThat(exports.exportAndWait("orders")).isEqualTo("exported 100 rows of orders");

			String id = jobs.enqueue("exports", new ExportJobs.ExportRequest("big", 100_000));
			await().until(
					() -> jobs.getJob("exports", id).map((job) -> job.fields().containsKey("progress")).orElse(false));
			assertThat(exports.cancelExport(id)).isEqualTo("cancelled while running; its worker was told to stop");
			assertThat(exports.cancelExport(id)).isEqualTo("too late: it is already cancelled");
			assertThat(exports.cancelExport("unknown")).isEqualTo("no such export");
			assertThat(exports.awaitExport(id)).failsWithin(java.time.Duration.ofSeconds(30));

			exports.deduplicate("42", Map.of("name", "Ada"));
			assertThat(jobs.getJob("sync", "profile-42")).isPresent();
			assertThat(jobs.getJob("search", "reindex-42").orElseThrow().status()).isEqualTo("delayed");
			assertThat(jobs.getJob("mail", "welcome-42")).isPresent();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	@Import(ExportJobs.class)
	static class Setup {

		@Bean
		JobQueueClients jobQueueClients() {
			return JobQueueClients.builder(connectionFactory)
				.settings((name) -> QueueSettings.defaults(name).withKeys(PREFIX, false))
				.build();
		}

		@Bean
		JobQueueOperations jobQueueOperations(JobQueueClients clients) {
			return clients.template();
		}

		@Bean
		JobWorkerProtocol jobWorkerProtocol(JobQueueClients clients) {
			return clients.workerProtocol();
		}

	}

}
