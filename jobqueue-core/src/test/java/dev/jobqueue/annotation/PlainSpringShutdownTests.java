package dev.jobqueue.annotation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.JobQueueTemplate;
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
import org.springframework.data.redis.core.StringRedisTemplate;

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
		JobQueueTemplate jobs = new JobQueueTemplate(new StringRedisTemplate(observer));
		String id = jobs.enqueue(this.queue, "slow");
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

		JobRecord job = jobs.getJob(this.queue, id).orElseThrow();
		assertThat(job.status()).isEqualTo("pending");
		assertThat(job.attempts()).as("the attempt is given back").isZero();
		QueueStats stats = jobs.stats(this.queue);
		assertThat(stats.processingDepth()).isZero();
		assertThat(stats.pendingDepth()).isOne();
		jobs.destroy();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableJobHandlers
	static class HangingConfiguration {

		final CountDownLatch started = new CountDownLatch(1);

		@Bean
		JobQueueTemplate jobQueueTemplate(LettuceConnectionFactory connectionFactory) {
			return new JobQueueTemplate(new StringRedisTemplate(connectionFactory));
		}

		@JobHandler(queue = "${test.queue}")
		void hang(String payload) throws InterruptedException {
			this.started.countDown();
			Thread.sleep(120_000);
		}

	}

}
