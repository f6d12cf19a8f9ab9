package dev.jobqueue;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@code claim_jobs.lua} and the blocking claim.
 */
class ClaimTests extends AbstractRedisTests {

	@Test
	void aPayloadParseThatThrowsForOneJobLosesNoneOfTheOthersClaimedInTheSameCall() {
		use(JobQueueClients.builder(redisTemplate).clock(this.clock).converter(new ExplodingParse()).build());
		List<String> ids = this.jobs.enqueueAll(this.queue,
				List.of(Map.of("n", 1), Map.of("explode", true), Map.of("n", 3)));

		List<ClaimedJob> claimed = this.worker.claimAvailable(this.queue, 3);

		assertThat(claimed).extracting(ClaimedJob::id).containsExactly(ids.get(0), ids.get(2));
		assertThat(hash(ids.get(1))).containsEntry("status", "failed");
		assertThat(hash(ids.get(1)).get("last_error")).contains("parser broke");
		assertThat(list(this.keys.processing())).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
	}

	@Test
	void claimMovesTheOldestIdAndWritesAFreshTokenAndAttempt() {
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(Map.of("n", 1), Map.of("n", 2)));
		this.clock.advance(25);

		ClaimedJob job = this.worker.claim(this.queue, millis(500)).orElseThrow();

		assertThat(job.id()).isEqualTo(ids.get(0));
		assertThat(job.attempts()).isEqualTo(1);
		assertThat(job.claimToken()).matches("[0-9a-f]{16}");
		assertThat(job.payload()).isEqualTo("{\"n\":1}");
		assertThat(job.enqueuedAt()).hasToString(java.time.Instant.ofEpochMilli(T0).toString());
		assertThat(hash(job.id())).containsEntry("status", "processing")
			.containsEntry("claimed_at_ms", String.valueOf(T0 + 25))
			.containsEntry("claim_token", job.claimToken())
			.containsEntry("attempts", "1");
		assertThat(list(this.keys.processing())).containsExactly(job.id());
		assertThat(list(this.keys.pending())).containsExactly(ids.get(1));
	}

	@Test
	void everyClaimGetsANewToken() {
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob first = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.fail(first, "again");
		ClaimedJob second = this.worker.claim(this.queue, millis(200)).orElseThrow();

		assertThat(second.id()).isEqualTo(first.id());
		assertThat(second.claimToken()).isNotEqualTo(first.claimToken());
		assertThat(second.attempts()).isEqualTo(2);
	}

	@Test
	void claimOnAnEmptyQueueWaitsAboutTheTimeoutAndReturnsEmpty() {
		long start = System.nanoTime();
		Optional<ClaimedJob> job = this.worker.claim(this.queue, millis(300));
		long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

		assertThat(job).isEmpty();
		assertThat(waitedMillis)
			.as("waited about the 300 ms timeout; the upper bound only has to catch a claim that ignores it")
			.isBetween(250L, 30_000L);
	}

	@Test
	void blockedClaimReceivesAJobEnqueuedWhileWaiting() {
		CompletableFuture<Optional<ClaimedJob>> claim = CompletableFuture
			.supplyAsync(() -> this.worker.claim(this.queue, Duration.ofSeconds(60)));
		await().atMost(Duration.ofSeconds(30)).until(() -> RedisInfo.blockedClients(redis) > 0);
		String id = this.jobs.enqueue(this.queue, Map.of("late", true));

		ClaimedJob job = claim.join().orElseThrow();
		assertThat(job.id()).isEqualTo(id);
		assertThat(hash(id)).containsEntry("status", "processing").containsEntry("attempts", "1");
	}

	@Test
	void claimAvailableTakesUpToMaxInOneCallOldestFirst() {
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(1, 2, 3, 4, 5));

		List<ClaimedJob> claimed = this.worker.claimAvailable(this.queue, 3);

		assertThat(claimed).extracting(ClaimedJob::id).containsExactly(ids.get(0), ids.get(1), ids.get(2));
		assertThat(claimed).extracting(ClaimedJob::claimToken).doesNotHaveDuplicates();
		assertThat(list(this.keys.processing())).containsExactly(ids.get(2), ids.get(1), ids.get(0));
		assertThat(this.worker.claimAvailable(this.queue, 10)).hasSize(2);
		assertThat(this.worker.claimAvailable(this.queue, 10)).isEmpty();
	}

	@Test
	void hashlessIdIsFailedWithAClearErrorNotHandedOut() {
		redis.lpush(this.keys.pending(), "ghost");
		String real = this.jobs.enqueue(this.queue, Map.of("ok", 1));

		ClaimedJob job = this.worker.claim(this.queue, millis(500)).orElseThrow();

		assertThat(job.id()).isEqualTo(real);
		assertThat(list(this.keys.failed())).containsExactly("ghost");
		assertThat(list(this.keys.processing())).containsExactly(real);
		assertThat(hash("ghost")).containsEntry("status", "failed")
			.containsEntry("id", "ghost")
			.containsEntry("claim_token", "")
			.hasEntrySatisfying("last_error", (error) -> assertThat(error).startsWith("job hash missing"));
		assertThat(redis.ttl(this.keys.job("ghost"))).isBetween(240L, 300L);
	}

	@Test
	void malformedPayloadFromAnotherProducerIsFailedForGood() {
		redis.hset(this.keys.job("bad"), Map.of("id", "bad", "payload", "{\"kind\":", "status", "pending", "attempts",
				"0", "enqueued_at_ms", String.valueOf(T0), "claim_token", ""));
		redis.lpush(this.keys.pending(), "bad");

		assertThat(this.worker.claimAvailable(this.queue, 5)).isEmpty();
		assertThat(hash("bad")).containsEntry("status", "failed")
			.containsEntry("attempts", "1")
			.hasEntrySatisfying("last_error", (error) -> assertThat(error).startsWith("Malformed payload JSON"));
		assertThat(list(this.keys.failed())).containsExactly("bad");
		assertThat(redis.llen(this.keys.processing())).isZero();
	}

	@Test
	void aHashWithoutTheFieldsAClaimReadsIsStillClaimedNotTakenForMissing() {
		redis.hset(this.keys.job("partial"), Map.of("id", "partial", "status", "pending"));
		redis.lpush(this.keys.pending(), "partial");

		assertThat(this.worker.claimAvailable(this.queue, 1)).isEmpty();
		assertThat(hash("partial")).containsEntry("attempts", "1")
			.containsEntry("status", "failed")
			.hasEntrySatisfying("last_error", (error) -> assertThat(error).startsWith("Malformed payload JSON"));
	}

	@Test
	void nonNumericAttemptsIsTreatedAsZero() {
		redis.hset(this.keys.job("odd"), Map.of("id", "odd", "payload", "{}", "status", "pending", "attempts", "",
				"enqueued_at_ms", "", "claim_token", ""));
		redis.lpush(this.keys.pending(), "odd");

		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();

		assertThat(job.attempts()).isEqualTo(1);
		assertThat(job.enqueuedAt()).isNull();
	}

	@Test
	void blockingClaimsReuseTheirConnection() {
		this.worker.claim(this.queue, millis(100));
		long before = connectionsReceived();
		for (int i = 0; i < 50; i++) {
			this.jobs.enqueue(this.queue, i);
			this.worker.claim(this.queue, millis(100)).orElseThrow();
			this.worker.claim(this.queue, millis(100));
		}
		if (server.owned()) {
			assertThat(connectionsReceived() - before).isZero();
		}
		assertThat(redis.llen(this.keys.processing())).isEqualTo(50);
	}

	@Test
	void nonPositiveArgumentsAreRefusedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.worker.claim(this.queue, Duration.ZERO))
			.withMessageStartingWith("timeout must be at least 1 ms");
		assertThatIllegalArgumentException().isThrownBy(() -> this.worker.claimAvailable(this.queue, 0))
			.withMessageStartingWith("max must be positive");
	}

	/**
	 * A converter whose parse fails with something other than a
	 * {@link JobPayloadException} for one payload, as a user's converter may.
	 */
	private static final class ExplodingParse implements JobPayloadConverter {

		private final JobPayloadConverter delegate = new JacksonJobPayloadConverter();

		@Override
		public String write(@Nullable Object value) {
			return this.delegate.write(value);
		}

		@Override
		public <T> @Nullable T read(String json, Type type) {
			return this.delegate.read(json, type);
		}

		@Override
		public JsonNode readTree(String json) {
			if (json.contains("explode")) {
				throw new IllegalStateException("parser broke");
			}
			return this.delegate.readTree(json);
		}

		@Override
		public <T> @Nullable T read(JsonNode tree, Type type) {
			return this.delegate.read(tree, type);
		}

	}

}
