package dev.jobqueue.boot.health;

import java.time.Duration;
import java.util.Map;

import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.autoconfigure.JobQueueAutoConfiguration;
import dev.jobqueue.autoconfigure.TestRedis;
import dev.jobqueue.autoconfigure.health.JobQueueHealthContributorAutoConfiguration;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import dev.jobqueue.worker.JobWorkerContainer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link JobQueueHealthIndicator} on a real Redis.
 */
class JobQueueHealthIndicatorTests {

	private final String queue = TestRedis.uniqueQueue("health");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class, JobQueueHealthContributorAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty(), "test.queue=" + this.queue, "jobqueue.worker.concurrency=2",
				"jobqueue.worker.claim-timeout=200ms")
		.withBean(Handler.class);

	@Test
	void workersShowTheConcurrencyInForceAfterAResize() {
		this.contextRunner.run((context) -> {
			JobWorkerContainer container = context.getBean(JobQueueCatalog.class).getContainer(this.queue);
			assertThat(container).isNotNull();
			container.setConcurrency(5);
			Health health = context.getBean(JobQueueHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(workers(health)).extractingByKey(this.queue)
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("concurrency", 5);
		});
	}

	@Test
	void answersDownWithinItsTimeoutWhileRedisDoesNotAnswerAndUpOnceItDoes() {
		try (RedisTestServer server = RedisTestServers
			.startOwned(RedisServerOptions.defaults().withArgs("--enable-debug-command", "yes"))) {
			RedisClient client = server.newLettuceClient();
			try {
				this.contextRunner
					.withPropertyValues("spring.data.redis.url=" + server.uri(), "spring.data.redis.timeout=60s",
							"jobqueue.worker.enabled=false", "jobqueue.reclaimer.enabled=false",
							"jobqueue.queues.emails.max-attempts=3", "jobqueue.health.timeout=300ms")
					.run((context) -> {
						JobQueueHealthIndicator indicator = context.getBean(JobQueueHealthIndicator.class);
						assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
						assertThat(indicator.health(true).getDetails()).extractingByKey("queues")
							.asInstanceOf(InstanceOfAssertFactories.MAP)
							.containsKey("emails");
						client.connect()
							.async()
							.dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
									new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add(4));
						Health down = await().atMost(Duration.ofSeconds(3))
							.until(() -> timed(indicator), (health) -> health.getStatus() == Status.DOWN);
						assertThat(String.valueOf(down.getDetails().get("error")))
							.contains("did not answer within 300 ms");
						await().atMost(Duration.ofSeconds(20))
							.until(() -> timed(indicator).getStatus(), Status.UP::equals);
					});
			}
			finally {
				client.shutdown();
			}
		}
	}

	/**
	 * Checks health, failing if the check itself takes longer than a generous multiple of
	 * its timeout: without its own bound it would wait for the 60 s command timeout.
	 */
	private static Health timed(JobQueueHealthIndicator indicator) {
		long start = System.nanoTime();
		Health health = indicator.health(true);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		return health;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> workers(Health health) {
		return (Map<String, Object>) health.getDetails().get("workers");
	}

	static class Handler {

		@JobHandler("${test.queue}")
		void handle(String payload) {
		}

	}

}
