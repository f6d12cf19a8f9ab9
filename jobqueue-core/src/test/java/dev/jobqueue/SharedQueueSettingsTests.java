package dev.jobqueue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link SharedQueueSettings}: instances that disagree on a queue's settings say
 * so, naming each setting and both values.
 */
class SharedQueueSettingsTests extends AbstractRedisTests {

	@Test
	void theFirstInstancePublishesAndAnInstanceWithOtherSettingsNamesEachDifference() {
		SharedQueueSettings first = new SharedQueueSettings(redisTemplate);
		SharedQueueSettings second = new SharedQueueSettings(redisTemplate);
		QueueSettings longLease = QueueSettings.defaults(this.queue)
			.withVisibilityTimeout(millis(30_000))
			.withMaxAttempts(5);
		QueueSettings shortLease = QueueSettings.defaults(this.queue)
			.withVisibilityTimeout(millis(2_000))
			.withMaxAttempts(2);

		assertThat(first.check(longLease)).isEmpty();
		assertThat(second.check(shortLease))
			.anySatisfy((d) -> assertThat(d).startsWith("visibility_timeout_ms 30000 at ").endsWith(", 2000 here"))
			.anySatisfy((d) -> assertThat(d).startsWith("max_attempts 5 at "))
			.hasSize(2);
		assertThat(first.check(shortLease)).isEmpty();
		assertThat(redis.hgetall(this.keys.settings())).containsEntry("visibility_timeout_ms", "2000")
			.containsEntry("max_attempts", "2")
			.containsEntry("finished_ttl_s", "300")
			.containsEntry("history_size", "50")
			.containsKey("written_by");
	}

	@Test
	void theTemplatePublishesTheSettingsWhenItFirstClaimsOrSweepsAQueue() {
		this.jobs.enqueue(this.queue, 1);
		assertThat(redis.exists(this.keys.settings())).isZero();

		this.worker.claimAvailable(this.queue, 1);

		assertThat(redis.hget(this.keys.settings(), "visibility_timeout_ms")).isEqualTo("5000");
	}

}
