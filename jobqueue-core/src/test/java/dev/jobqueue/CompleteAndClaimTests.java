package dev.jobqueue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@code complete_and_claim_jobs.lua}: the same writes as a complete followed by
 * a claim.
 */
class CompleteAndClaimTests extends AbstractRedisTests {

	@Test
	void completesTheJobAndClaimsTheNextOldestInOneCall() {
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(Map.of("n", 1), Map.of("n", 2), Map.of("n", 3)));
		ClaimedJob first = this.worker.claimAvailable(this.queue, 1).get(0);
		this.clock.advance(40);

		CompleteAndClaimResult result = this.worker.completeAndClaim(first, Map.of("sent", true), 1);

		assertThat(result.completed()).isTrue();
		assertThat(hash(first.id())).containsEntry("status", "completed")
			.containsEntry("result", "{\"sent\":true}")
			.containsEntry("completed_at_ms", String.valueOf(T0 + 40))
			.containsEntry("claim_token", first.claimToken());
		assertThat(redis.ttl(this.keys.job(first.id()))).isBetween(240L, 300L);
		assertThat(list(this.keys.completed())).containsExactly(ids.get(0));
		ClaimedJob next = result.claimed().get(0);
		assertThat(next.id()).isEqualTo(ids.get(1));
		assertThat(next.payload()).isEqualTo("{\"n\":2}");
		assertThat(next.attempts()).isOne();
		assertThat(next.claimedAt().toEpochMilli()).isEqualTo(T0 + 40);
		assertThat(hash(next.id())).containsEntry("status", "processing")
			.containsEntry("claim_token", next.claimToken())
			.containsEntry("claimed_at_ms", String.valueOf(T0 + 40))
			.containsEntry("attempts", "1");
		assertThat(list(this.keys.processing())).containsExactly(ids.get(1));
		assertThat(list(this.keys.pending())).containsExactly(ids.get(2));
		assertThat(this.admin.stats(this.queue).completedTotal()).isOne();
	}

	@Test
	void writesTheSameHashesAsACompleteFollowedByAClaim() {
		this.jobs.enqueueAll(this.queue, List.of("same", "same", "same"));
		ClaimedJob a = this.worker.claimAvailable(this.queue, 1).get(0);
		ClaimedJob b = this.worker.completeAndClaim(a, "r", 1).claimed().get(0);
		ClaimedJob c = this.worker.claimAvailable(this.queue, 1).get(0);

		assertThat(comparable(b)).isEqualTo(comparable(c)).containsEntry("status", "processing");
		this.worker.completeAndClaim(b, "r", 0);
		this.worker.complete(c, "r");
		assertThat(comparable(b)).isEqualTo(comparable(c))
			.isEqualTo(comparable(a))
			.containsEntry("status", "completed");
	}

	@Test
	void aLostClaimIsNotCompletedButTheNextJobIsStillClaimed() {
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(1, 2));
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		this.clock.advance(6000);
		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(ids.get(0));

		CompleteAndClaimResult result = this.worker.completeAndClaim(job, "late", 1);

		assertThat(result.completed()).isFalse();
		assertThat(hash(ids.get(0))).containsEntry("status", "pending").doesNotContainKey("result");
		assertThat(result.claimed()).extracting(ClaimedJob::id).containsExactly(ids.get(1));
		assertThat(list(this.keys.completed())).isEmpty();
	}

	@Test
	void anEmptyQueueOnlyCompletes() {
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

		CompleteAndClaimResult result = this.worker.completeAndClaim(job, null, 4);

		assertThat(result.completed()).isTrue();
		assertThat(result.claimed()).isEmpty();
		assertThat(hash(job.id())).containsEntry("result", "null");
		assertThat(list(this.keys.processing())).isEmpty();
	}

	@Test
	void claimsUpToMaxOldestFirstAndNoneForZero() {
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(1, 2, 3, 4, 5));
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

		CompleteAndClaimResult three = this.worker.completeAndClaim(job, 1, 3);
		CompleteAndClaimResult none = this.worker.completeAndClaim(three.claimed().get(0), 2, 0);

		assertThat(three.claimed()).extracting(ClaimedJob::id).containsExactly(ids.get(1), ids.get(2), ids.get(3));
		assertThat(three.claimed()).extracting(ClaimedJob::claimToken).doesNotHaveDuplicates();
		assertThat(none.completed()).isTrue();
		assertThat(none.claimed()).isEmpty();
		assertThat(list(this.keys.pending())).containsExactly(ids.get(4));
	}

	@Test
	void aSecondCompletionWithTheSameTokenIsRejected() {
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		this.worker.completeAndClaim(job, "first", 0);

		assertThat(this.worker.completeAndClaim(job, "second", 0).completed()).isFalse();
		assertThat(hash(job.id())).containsEntry("result", "\"first\"");
		assertThat(list(this.keys.completed())).containsExactly(job.id());
	}

	@Test
	void hashlessAndMalformedNextJobsAreFailedNotHandedOut() {
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		redis.hset(this.keys.job("bad"), Map.of("id", "bad", "payload", "{\"kind\":", "status", "pending", "attempts",
				"0", "enqueued_at_ms", String.valueOf(T0), "claim_token", ""));
		redis.lpush(this.keys.pending(), "ghost", "bad");
		String good = this.jobs.enqueue(this.queue, 2);

		CompleteAndClaimResult result = this.worker.completeAndClaim(job, null, 3);

		assertThat(result.claimed()).extracting(ClaimedJob::id).containsExactly(good);
		assertThat(list(this.keys.failed())).containsExactlyInAnyOrder("ghost", "bad");
		assertThat(hash("ghost")).hasEntrySatisfying("last_error",
				(error) -> assertThat(error).startsWith("job hash missing"));
		assertThat(hash("bad")).hasEntrySatisfying("last_error",
				(error) -> assertThat(error).startsWith("Malformed payload JSON"));
	}

	@Test
	void publishesTheReferenceCompletedEvent() throws Exception {
		BlockingQueue<String> messages = new LinkedBlockingQueue<>();
		try (StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub()) {
			pubSub.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					messages.add(channel + " " + message);
				}
			});
			pubSub.sync().subscribe(this.keys.events());
			this.jobs.enqueueAll(this.queue, List.of(1, 2));
			ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
			this.worker.completeAndClaim(job, null, 1);

			assertThat(messages.poll(30, TimeUnit.SECONDS))
				.isEqualTo("queue:" + this.queue + ":events {\"id\":\"" + job.id() + "\",\"status\":\"completed\"}");
			assertThat(messages.poll(200, TimeUnit.MILLISECONDS)).isNull();
		}
	}

	@Test
	void negativeMaxIsRefusedByName() {
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

		assertThatIllegalArgumentException().isThrownBy(() -> this.worker.completeAndClaim(job, null, -1))
			.withMessageContaining("max");
		assertThat(hash(job.id())).containsEntry("status", "processing");
	}

	private Map<String, String> comparable(ClaimedJob job) {
		Map<String, String> fields = new TreeMap<>(hash(job.id()));
		assertThat(fields.remove("id")).isEqualTo(job.id());
		assertThat(fields.remove("claim_token")).isEqualTo(job.claimToken());
		return fields;
	}

}
