package dev.jobqueue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code complete_job.lua}.
 */
class CompleteTests extends AbstractRedisTests {

	@Test
	void completeStoresTheResultKeepsTheTokenAndExpiresTheHash() {
		this.jobs.enqueue(this.queue, Map.of("kind", "email"));
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.clock.advance(40);

		assertThat(this.worker.complete(job, Map.of("sent", true))).isTrue();

		assertThat(hash(job.id())).containsEntry("status", "completed")
			.containsEntry("result", "{\"sent\":true}")
			.containsEntry("completed_at_ms", String.valueOf(T0 + 40))
			.containsEntry("claim_token", job.claimToken())
			.containsEntry("attempts", "1")
			.doesNotContainKeys("last_error");
		assertThat(redis.ttl(this.keys.job(job.id()))).isBetween(240L, 300L);
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(list(this.keys.completed())).containsExactly(job.id());
		assertThat(this.admin.stats(this.queue).completedTotal()).isOne();
	}

	@Test
	void completePublishesTheReferenceEvent() throws Exception {
		BlockingQueue<String> messages = new LinkedBlockingQueue<>();
		try (StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub()) {
			pubSub.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					messages.add(channel + " " + message);
				}
			});
			pubSub.sync().subscribe(this.keys.events());
			this.jobs.enqueue(this.queue, 1);
			ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
			this.worker.complete(job, null);

			assertThat(messages.poll(30, TimeUnit.SECONDS))
				.isEqualTo("queue:" + this.queue + ":events {\"id\":\"" + job.id() + "\",\"status\":\"completed\"}");
		}
	}

	@Test
	void aSecondCompleteWithTheSameTokenChangesNothing() {
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.complete(job, "first");
		this.clock.advance(1000);

		assertThat(this.worker.complete(job, "second")).isFalse();
		assertThat(hash(job.id())).containsEntry("result", "\"first\"")
			.containsEntry("completed_at_ms", String.valueOf(T0));
		assertThat(list(this.keys.completed())).containsExactly(job.id());
	}

	@Test
	void anEmptyOrWrongTokenNeverCompletes() {
		String id = this.jobs.enqueue(this.queue, 1);
		List<String> keys = List.of(this.keys.jobPrefix(), this.keys.processing(), this.keys.completed());

		Long withEmptyToken = redisTemplate.execute(new JobQueueScripts().completeJob(), keys, id, "", "completed", "1",
				"null", "300", "50", "");
		assertThat(withEmptyToken).isZero();
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		ClaimedJob forged = new ClaimedJob(this.queue, id, "0000000000000000", 1, "1", null, job.claimedAt());

		assertThat(this.worker.complete(forged, "x")).isFalse();
		assertThat(hash(id)).containsEntry("status", "processing");
	}

	@Test
	void completedHistoryIsCappedAtTheHistorySize() {
		use(template((name) -> QueueSettings.defaults(name).withHistorySize(3)));
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(1, 2, 3, 4, 5));
		for (int i = 0; i < 5; i++) {
			this.worker.complete(this.worker.claim(this.queue, millis(200)).orElseThrow(), i);
		}

		assertThat(list(this.keys.completed())).containsExactly(ids.get(4), ids.get(3), ids.get(2));
		assertThat(redis.exists(this.keys.job(ids.get(0)))).as("trimmed ids keep their hash until the TTL").isOne();
	}

	@Test
	void finishedTtlComesFromTheSettings() {
		use(template((name) -> QueueSettings.defaults(name).withFinishedTtl(Duration.ofSeconds(42))));
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.complete(job, 1);

		assertThat(redis.ttl(this.keys.job(job.id()))).isBetween(30L, 42L);
	}

}
