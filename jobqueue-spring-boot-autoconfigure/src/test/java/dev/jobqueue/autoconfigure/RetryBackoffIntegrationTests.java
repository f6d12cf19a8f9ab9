package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.annotation.Backoff;
import dev.jobqueue.annotation.JobHandler;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of retry back-off in a Spring Boot application on a real Redis: the starter's
 * default exponential back-off with jitter, a handler's own {@link Backoff} and
 * not-retryable types with placeholders, and a bad attribute failing startup.
 */
class RetryBackoffIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final String queue = TestRedis.uniqueQueue("backoff");

	private final QueueKeys keys = new QueueKeys("queue", this.queue, false);

	private final RedisCommands<String, String> redis = TestRedis.commands();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty(), "test.queue=" + this.queue, "jobqueue.worker.claim-timeout=200ms");

	@Test
	void theStartersDefaultWaitsOneSecondThenTwoGiveOrTakeItsJitter() {
		this.contextRunner.withUserConfiguration(FailingHandler.class).run((context) -> {
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			FailingHandler handler = context.getBean(FailingHandler.class);
			String id = producer.enqueue(this.queue, Map.of("n", 1));

			long firstWait = awaitDelayedAfterAttempt(id, 1);
			assertThat(firstWait).as("1 s plus up to 500 ms of jitter").isBetween(1000L, 1500L);
			long secondWait = awaitDelayedAfterAttempt(id, 2);
			assertThat(secondWait).as("2 s give or take 1 s of jitter, never under the delay").isBetween(1000L, 3000L);

			JobRecord failed = await().atMost(WAIT)
				.until(() -> producer.getJob(this.queue, id).orElseThrow(), (job) -> "failed".equals(job.status()));
			assertThat(failed.attempts()).isEqualTo(3);
			assertThat(handler.attempts).containsExactly(1, 2, 3);
		});
	}

	@Test
	void aHandlersBackoffAndNotRetryableTypesApplyWithPlaceholders() {
		this.contextRunner.withUserConfiguration(AnnotatedHandler.class)
			.withPropertyValues("test.delay=4s", "jobqueue.retry.backoff.jitter=0")
			.run((context) -> {
				JobQueueOperations producer = context.getBean(JobQueueOperations.class);
				String retried = producer.enqueue(this.queue, Map.of("fail", "state"));
				String notRetryable = producer.enqueue(this.queue, Map.of("fail", "argument"));

				assertThat(awaitDelayedAfterAttempt(retried, 1)).isEqualTo(4000);
				JobRecord failed = await().atMost(WAIT)
					.until(() -> producer.getJob(this.queue, notRetryable).orElseThrow(),
							(job) -> "failed".equals(job.status()));
				assertThat(failed.attempts()).isOne();
			});
	}

	@Test
	void aZeroDelayKeepsTheReferencesImmediateRetry() {
		this.contextRunner.withUserConfiguration(FailingHandler.class)
			.withPropertyValues("jobqueue.retry.backoff.delay=0")
			.run((context) -> {
				JobQueueOperations producer = context.getBean(JobQueueOperations.class);
				String id = producer.enqueue(this.queue, Map.of("n", 1));

				JobRecord failed = await().atMost(WAIT)
					.until(() -> producer.getJob(this.queue, id).orElseThrow(), (job) -> "failed".equals(job.status()));
				assertThat(failed.attempts()).isEqualTo(3);
				assertThat(this.redis.hgetall(this.keys.job(id))).doesNotContainKey("run_at_ms");
				assertThat(this.redis.exists(this.keys.delayed())).isZero();
			});
	}

	@Test
	void anInvalidBackoffAttributeFailsStartupNamingTheHandler() {
		this.contextRunner.withUserConfiguration(InvalidHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasStackTraceContaining("InvalidHandler.handle")
				.hasStackTraceContaining("multiplier must be at least 1");
		});
	}

	/**
	 * Waits until the job waits in the delayed set after the given attempt.
	 * @return its wait: its score minus the time of its failure
	 */
	private long awaitDelayedAfterAttempt(String id, int attempt) {
		return await().atMost(WAIT).until(() -> {
			Map<String, String> hash = this.redis.hgetall(this.keys.job(id));
			Double score = this.redis.zscore(this.keys.delayed(), id);
			if (score == null || !"delayed".equals(hash.get("status"))
					|| !String.valueOf(attempt).equals(hash.get("attempts"))) {
				return null;
			}
			return score.longValue() - Long.parseLong(hash.get("last_error_at_ms"));
		}, (wait) -> wait != null);
	}

	@Configuration(proxyBeanMethods = false)
	static class AnnotatedHandler {

		@JobHandler(queue = "${test.queue}", backoff = @Backoff(delay = "${test.delay}", multiplier = "1"),
				notRetryable = IllegalArgumentException.class)
		void handle(Map<String, String> payload) {
			if ("argument".equals(payload.get("fail"))) {
				throw new IllegalArgumentException("bad request");
			}
			throw new IllegalStateException("partner down");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InvalidHandler {

		@JobHandler(queue = "${test.queue}", backoff = @Backoff(multiplier = "0.5"))
		void handle(Map<String, String> payload) {
		}

	}

}
