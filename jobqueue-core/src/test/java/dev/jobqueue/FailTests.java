package dev.jobqueue;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code fail_job.lua}.
 */
class FailTests extends AbstractRedisTests {

	@Test
	void retryReturnsTheJobToTheNewestEndOfPendingWithTheReferenceFields() {
		String first = this.jobs.enqueue(this.queue, 1);
		String second = this.jobs.enqueue(this.queue, 2);
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.clock.advance(7);

		assertThat(this.worker.fail(job, "smtp timeout")).isEqualTo(FailOutcome.RETRIED);

		assertThat(hash(first)).containsEntry("status", "pending")
			.containsEntry("last_error", "smtp timeout")
			.containsEntry("last_error_at_ms", String.valueOf(T0 + 7))
			.containsEntry("claim_token", "")
			.containsEntry("claimed_at_ms", "0")
			.containsEntry("attempts", "1");
		assertThat(list(this.keys.pending())).containsExactly(first, second);
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(redis.ttl(this.keys.job(first))).isEqualTo(-1);
		assertThat(this.admin.stats(this.queue).retriedTotal()).isOne();
	}

	@Test
	void aJobThatAlwaysFailsRunsMaxAttemptsTimesThenFailsForGood() {
		String id = this.jobs.enqueue(this.queue, 1);
		FailOutcome outcome = null;
		for (int attempt = 1; attempt <= 3; attempt++) {
			ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
			assertThat(job.attempts()).isEqualTo(attempt);
			outcome = this.worker.fail(job, "boom " + attempt);
		}

		assertThat(outcome).isEqualTo(FailOutcome.FAILED);
		assertThat(hash(id)).containsEntry("status", "failed")
			.containsEntry("attempts", "3")
			.containsEntry("last_error", "boom 3")
			.containsEntry("claim_token", "");
		assertThat(hash(id).get("claimed_at_ms")).as("final fail leaves claimed_at_ms").isNotEqualTo("0");
		assertThat(list(this.keys.failed())).containsExactly(id);
		assertThat(list(this.keys.pending())).isEmpty();
		assertThat(redis.ttl(this.keys.job(id))).isBetween(240L, 300L);
		assertThat(this.admin.stats(this.queue).failedTotal()).isOne();
	}

	@Test
	void aNonRetryableFailureIsFinalOnTheFirstAttempt() {
		String id = this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();

		assertThat(this.worker.fail(job, "bad request", false)).isEqualTo(FailOutcome.FAILED);
		assertThat(hash(id)).containsEntry("status", "failed").containsEntry("attempts", "1");
	}

	@Test
	void failPublishesRetryAndFailedEvents() throws Exception {
		use(template((name) -> QueueSettings.defaults(name).withMaxAttempts(2)));
		BlockingQueue<String> messages = new LinkedBlockingQueue<>();
		try (StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub()) {
			pubSub.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					messages.add(message);
				}
			});
			pubSub.sync().subscribe(this.keys.events());
			String id = this.jobs.enqueue(this.queue, 1);
			this.worker.fail(this.worker.claim(this.queue, millis(200)).orElseThrow(), "one");
			this.worker.fail(this.worker.claim(this.queue, millis(200)).orElseThrow(), "two");

			assertThat(messages.poll(30, TimeUnit.SECONDS)).isEqualTo("{\"id\":\"" + id + "\",\"status\":\"retry\"}");
			assertThat(messages.poll(30, TimeUnit.SECONDS)).isEqualTo("{\"id\":\"" + id + "\",\"status\":\"failed\"}");
		}
	}

	@Test
	void failedHistoryIsCappedAtTheHistorySize() {
		use(template((name) -> QueueSettings.defaults(name).withHistorySize(2)));
		this.jobs.enqueueAll(this.queue, java.util.List.of(1, 2, 3));
		for (int i = 0; i < 3; i++) {
			this.worker.fail(this.worker.claim(this.queue, millis(200)).orElseThrow(), "no", false);
		}
		assertThat(redis.llen(this.keys.failed())).isEqualTo(2);
	}

	@Test
	void longErrorTextIsCut() {
		String id = this.jobs.enqueue(this.queue, Map.of());
		this.worker.fail(this.worker.claim(this.queue, millis(200)).orElseThrow(), "e".repeat(20_000), false);
		assertThat(hash(id).get("last_error")).hasSize(8192);
	}

}
