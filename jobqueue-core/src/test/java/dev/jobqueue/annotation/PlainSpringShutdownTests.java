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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of shutting down a plain Spring application (no Spring Boot, so Spring's own 10 s
 * shutdown phase timeout) while a job runs, with the default worker settings.
 */
class PlainSpringShutdownTests {

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
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("test.queue", this.queue)));
		context.registerBean(LettuceConnectionFactory.class, server::newConnectionFactory);
		context.register(HangingConfiguration.class);
		context.refresh();
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
