package dev.jobqueue.annotation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.JobRecord;
import dev.jobqueue.QueueStats;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import dev.jobqueue.worker.JobErrorHandler;
import dev.jobqueue.worker.JobFailureDecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the worker defaults in a plain Spring application (no Spring Boot, so Spring's
 * own 10 s shutdown phase timeout): shutting down while a job runs, and the application's
 * error handler.
 */
class PlainSpringWorkerTests {

	private static RedisTestServer server;

	private static LettuceConnectionFactory observer;

	private final String queue = "t" + ProcessHandle.current().pid() + "-shutdown-" + System.nanoTime();

	@BeforeAll
	static void findRedis() {
		server = RedisTestServers.shared();
		observer = server.newConnectionFactory();
	}

	@AfterAll
	static void disconnect() {
		observer.destroy();
	}

	@Test
	void aJobStillRunningAtShutdownIsHandedBackBeforeTheConnectionFactoryCloses() throws Exception {
		JobQueueClients clients = JobQueueClients.builder(observer).build();
		String id = clients.template().enqueue(this.queue, "slow");
		AnnotationConfigApplicationContext context = context(HangingConfiguration.class);
		HangingConfiguration handlers = context.getBean(HangingConfiguration.class);
		assertThat(handlers.started.await(10, TimeUnit.SECONDS)).as("the job started").isTrue();

		context.close();

		JobRecord job = clients.template().getJob(this.queue, id).orElseThrow();
		assertThat(job.status()).isEqualTo("pending");
		assertThat(job.attempts()).as("the attempt is given back").isZero();
		QueueStats stats = clients.admin().stats(this.queue);
		assertThat(stats.processingDepth()).isZero();
		assertThat(stats.pendingDepth()).isOne();
		clients.destroy();
	}

	@Test
	void theApplicationsJobErrorHandlerDecides() {
		JobQueueClients clients = JobQueueClients.builder(observer).build();
		String id = clients.template().enqueue(this.queue, "fails");
		try (AnnotationConfigApplicationContext context = context(FailingConfiguration.class)) {
			JobRecord job = await().atMost(Duration.ofSeconds(10))
				.until(() -> clients.template().getJob(this.queue, id).orElseThrow(),
						(found) -> "failed".equals(found.status()));
			assertThat(job.attempts()).as("failed for good on the first of 3 attempts").isOne();
		}
		finally {
			clients.destroy();
		}
	}

	private AnnotationConfigApplicationContext context(Class<?> configuration) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("test.queue", this.queue)));
		context.registerBean(LettuceConnectionFactory.class, server::newConnectionFactory);
		context.register(configuration);
		context.refresh();
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	static class FailingConfiguration {

		@Bean
		JobQueueClients jobQueueClients(LettuceConnectionFactory connectionFactory) {
			return JobQueueClients.builder(connectionFactory).build();
		}

		@Bean
		JobWorkerProtocol jobWorkerProtocol(JobQueueClients clients) {
			return clients.workerProtocol();
		}

		@Bean
		JobErrorHandler jobErrorHandler() {
			return (context, exception) -> JobFailureDecision.failForGood();
		}

		@JobHandler(queue = "${test.queue}")
		void fail(String payload) {
			throw new IllegalStateException("no");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	static class HangingConfiguration {

		final CountDownLatch started = new CountDownLatch(1);

		@Bean
		JobQueueClients jobQueueClients(LettuceConnectionFactory connectionFactory) {
			return JobQueueClients.builder(connectionFactory).build();
		}

		@Bean
		JobWorkerProtocol jobWorkerProtocol(JobQueueClients clients) {
			return clients.workerProtocol();
		}

		@JobHandler(queue = "${test.queue}")
		void hang(String payload) throws InterruptedException {
			this.started.countDown();
			Thread.sleep(120_000);
		}

	}

}
