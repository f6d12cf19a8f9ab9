package dev.jobqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@code enqueue_scheduled_jobs.lua}, {@code promote_delayed_jobs.lua} and
 * {@code run_delayed_job.lua} through {@link JobQueueTemplate}, with a settable clock.
 */
class DelayedJobsTests extends AbstractRedisTests {

	@Test
	void delayedJobWaitsInTheSortedSetWithItsDueTime() {
		String id = this.jobs.enqueue(this.queue, Map.of("n", 1), JobOptions.delay(Duration.ofSeconds(10)));

		assertThat(hash(id)).containsExactlyInAnyOrderEntriesOf(
				Map.of("id", id, "payload", "{\"n\":1}", "status", "delayed", "attempts", "0", "enqueued_at_ms",
						String.valueOf(T0), "claim_token", "", "run_at_ms", String.valueOf(T0 + 10_000)));
		assertThat(redis.zscore(this.keys.delayed(), id)).isEqualTo(T0 + 10_000.0);
		assertThat(redis.exists(this.keys.pending())).isZero();
		assertThat(this.worker.claimAvailable(this.queue, 1)).isEmpty();
	}

	@Test
	void promotionMovesOnlyDueJobsToTheLeftOfPending() {
		String soon = this.jobs.enqueue(this.queue, 1, JobOptions.delay(Duration.ofMillis(100)));
		String later = this.jobs.enqueue(this.queue, 2, JobOptions.delay(Duration.ofMillis(5000)));
		String plain = this.jobs.enqueue(this.queue, 3);

		this.clock.advance(100);
		DelayedPromotion promotion = this.worker.promoteDueJobs(this.queue, 10);

		assertThat(promotion.promoted()).isOne();
		assertThat(promotion.nextDueAt()).isEqualTo(Instant.ofEpochMilli(T0 + 5000));
		assertThat(list(this.keys.pending())).containsExactly(soon, plain);
		assertThat(hash(soon)).containsEntry("status", "pending").containsEntry("run_at_ms", String.valueOf(T0 + 100));
		assertThat(redis.zrange(this.keys.delayed(), 0, -1)).containsExactly(later);
		ClaimedJob claimed = this.worker.claimAvailable(this.queue, 2).get(0);
		assertThat(claimed.id()).isEqualTo(plain);
	}

	@Test
	void promotionIsBatchedAndReportsNoNextJobWhenTheSetIsEmpty() {
		List<Integer> payloads = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			payloads.add(i);
		}
		List<String> ids = this.jobs.enqueueAll(this.queue, payloads, JobOptions.delay(Duration.ofSeconds(1)));
		this.clock.advance(1000);

		DelayedPromotion first = this.worker.promoteDueJobs(this.queue, 10);
		assertThat(first.isFull(10)).isTrue();
		assertThat(first.nextDueAt()).isEqualTo(Instant.ofEpochMilli(T0 + 1000));
		this.worker.promoteDueJobs(this.queue, 10);
		DelayedPromotion last = this.worker.promoteDueJobs(this.queue, 10);

		assertThat(last.promoted()).isEqualTo(5);
		assertThat(last.isFull(10)).isFalse();
		assertThat(last.nextDueAt()).isNull();
		assertThat(redis.exists(this.keys.delayed())).isZero();
		assertThat(list(this.keys.pending())).containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void pastRunAtRunsNowAsAPlainJob() {
		String id = this.jobs.enqueue(this.queue, 1, JobOptions.runAt(Instant.ofEpochMilli(T0 - 60_000)));

		assertThat(list(this.keys.pending())).containsExactly(id);
		assertThat(hash(id)).containsEntry("status", "pending").doesNotContainKey("run_at_ms");
		assertThat(redis.exists(this.keys.delayed())).isZero();
	}

	@Test
	void negativeDelayIsRefusedNamingTheArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> JobOptions.delay(Duration.ofMillis(-1)))
			.withMessageContaining("delay");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.worker.fail(new ClaimedJob(this.queue, "a", "t", 1, "1", null, Instant.now()), "x",
					true, Duration.ofMillis(-5)))
			.withMessageContaining("retryDelay");
	}

	@Test
	void noOptionsWritesThePlainReferenceJob() {
		String id = this.jobs.enqueue(this.queue, 1, JobOptions.none());

		assertThat(hash(id)).containsOnlyKeys("id", "payload", "status", "attempts", "enqueued_at_ms", "claim_token");
		assertThat(list(this.keys.pending())).containsExactly(id);
	}

	@Test
	void delayedIdWhoseHashIsGoneIsFailedForGoodOnceWithAClearError() {
		String id = this.jobs.enqueue(this.queue, 1, JobOptions.delay(Duration.ofMillis(10)));
		redis.del(this.keys.job(id));
		this.clock.advance(10);

		DelayedPromotion promotion = this.worker.promoteDueJobs(this.queue, 10);

		assertThat(promotion.missing()).containsExactly(id);
		assertThat(promotion.promoted()).isZero();
		assertThat(hash(id)).containsEntry("status", "failed")
			.containsEntry("last_error",
					"job hash missing: no metadata for this delayed id (expired or deleted); not run");
		assertThat(list(this.keys.failed())).containsExactly(id);
		assertThat(redis.exists(this.keys.delayed())).isZero();
		assertThat(this.worker.promoteDueJobs(this.queue, 10).missing()).isEmpty();
	}

	@Test
	void jobPastItsExpiryIsFailedAsExpiredAndNeverRuns() {
		String delayed = this.jobs.enqueue(this.queue, 1,
				JobOptions.delay(Duration.ofSeconds(10)).withExpiresAt(Instant.ofEpochMilli(T0 + 5000)));
		String plain = this.jobs.enqueue(this.queue, 2, JobOptions.none().withExpiresAt(Instant.ofEpochMilli(T0 + 50)));
		assertThat(hash(plain)).containsEntry("expires_at_ms", String.valueOf(T0 + 50));

		this.clock.advance(10_000);
		DelayedPromotion promotion = this.worker.promoteDueJobs(this.queue, 10);

		assertThat(promotion.expired()).containsExactly(delayed);
		assertThat(this.worker.claimAvailable(this.queue, 10)).isEmpty();
		assertThat(hash(plain)).containsEntry("status", "failed")
			.containsEntry("last_error", "expired: not started by " + (T0 + 50) + " (expires_at_ms); not run");
		assertThat(hash(delayed)).containsEntry("status", "failed");
		assertThat(list(this.keys.failed())).containsExactly(plain, delayed);
	}

	@Test
	void jobStartedBeforeItsExpiryRuns() {
		this.jobs.enqueue(this.queue, 1, JobOptions.none().withExpiresAt(Instant.ofEpochMilli(T0 + 50)));

		assertThat(this.worker.claimAvailable(this.queue, 1)).hasSize(1);
	}

	@Test
	void timeoutIsStoredAndHandedToTheWorker() {
		String id = this.jobs.enqueue(this.queue, 1, JobOptions.none().withTimeout(Duration.ofMillis(1500)));

		assertThat(hash(id)).containsEntry("timeout_ms", "1500");
		assertThat(this.worker.claimAvailable(this.queue, 1).get(0).timeout()).isEqualTo(Duration.ofMillis(1500));
		this.jobs.enqueue(this.queue, 2);
		assertThat(this.worker.claimAvailable(this.queue, 1).get(0).timeout()).isNull();
	}

	@Test
	void retryWithADelayWaitsInTheDelayedSetNotInPending() {
		String id = this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

		assertThat(this.worker.fail(job, "partner down", true, Duration.ofSeconds(2))).isEqualTo(FailOutcome.RETRIED);

		assertThat(hash(id)).containsEntry("status", "delayed")
			.containsEntry("run_at_ms", String.valueOf(T0 + 2000))
			.containsEntry("claim_token", "")
			.containsEntry("claimed_at_ms", "0")
			.containsEntry("last_error", "partner down");
		assertThat(redis.exists(this.keys.pending())).isZero();
		assertThat(redis.zscore(this.keys.delayed(), id)).isEqualTo(T0 + 2000.0);
		this.clock.advance(2000);
		this.worker.promoteDueJobs(this.queue, 10);
		assertThat(this.worker.claimAvailable(this.queue, 1).get(0).attempts()).isEqualTo(2);
	}

	@Test
	void retryWithoutADelayIsTheReferencesImmediateRetry() {
		String id = this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

		this.worker.fail(job, "once", true, Duration.ZERO);

		assertThat(hash(id)).containsEntry("status", "pending").doesNotContainKey("run_at_ms");
		assertThat(list(this.keys.pending())).containsExactly(id);
	}

	@Test
	void delayedJobsShowInStatsAndListsSoonestFirstAndCanBeDeletedOrRunNow() {
		String late = this.jobs.enqueue(this.queue, 1, JobOptions.delay(Duration.ofSeconds(30)));
		String soon = this.jobs.enqueue(this.queue, 2, JobOptions.delay(Duration.ofSeconds(10)));
		String middle = this.jobs.enqueue(this.queue, 3, JobOptions.delay(Duration.ofSeconds(20)));

		assertThat(this.admin.stats(this.queue).delayedDepth()).isEqualTo(3);
		assertThat(this.admin.listJobIds(this.queue, JobState.DELAYED, 10)).containsExactly(soon, middle, late);
		assertThat(this.jobs.getJob(this.queue, soon).orElseThrow().state()).isEqualTo(JobState.DELAYED);

		assertThat(this.admin.delete(this.queue, middle)).isTrue();
		assertThat(this.admin.runNow(this.queue, late)).isTrue();
		assertThat(this.admin.runNow(this.queue, late)).as("not delayed any more").isFalse();

		assertThat(this.admin.listJobIds(this.queue, JobState.DELAYED, 10)).containsExactly(soon);
		assertThat(list(this.keys.pending())).containsExactly(late);
		assertThat(hash(late)).containsEntry("status", "pending");
		assertThat(this.admin.purge(this.queue)).isPositive();
		assertThat(redis.exists(this.keys.delayed())).isZero();
	}

	@Test
	void enqueueIfAbsentWithOptionsSkipsAnExistingId() {
		assertThat(this.jobs.enqueueIfAbsent(this.queue, "tick-1", 1, JobOptions.delay(Duration.ofSeconds(1))))
			.isTrue();
		assertThat(this.jobs.enqueueIfAbsent(this.queue, "tick-1", 2, JobOptions.delay(Duration.ofSeconds(1))))
			.isFalse();
		assertThat(redis.zcard(this.keys.delayed())).isOne();
	}

	@Test
	void onlyAJobDueSoonerThanEveryOtherWakesThePromoters() {
		RedisClient subscriber = server.newLettuceClient();
		List<String> wakes = new java.util.concurrent.CopyOnWriteArrayList<>();
		try (StatefulRedisPubSubConnection<String, String> pubsub = subscriber.connectPubSub()) {
			pubsub.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String channel, String message) {
					wakes.add(message);
				}
			});
			pubsub.sync().subscribe(this.keys.wake());
			this.jobs.enqueue(this.queue, 1, JobOptions.delay(Duration.ofSeconds(10)));
			this.jobs.enqueue(this.queue, 2, JobOptions.delay(Duration.ofSeconds(20)));
			this.jobs.enqueue(this.queue, 3, JobOptions.delay(Duration.ofSeconds(5)));
			this.jobs.enqueue(this.queue, 4);

			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(wakes).containsExactly(String.valueOf(T0 + 10_000),
						String.valueOf(T0 + 5000)));
		}
		finally {
			subscriber.shutdown();
		}
	}

}
