package dev.jobqueue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The deduplication modes of enqueue: replace, debounce and window.
 */
class DeduplicationTests extends AbstractRedisTests {

	@Test
	void replaceEnqueuesAPlainJobWhenThereIsNone() {
		assertThat(this.jobs.enqueue(this.queue, "job-1", "a", Deduplication.replace()))
			.isEqualTo(Deduplication.Outcome.ENQUEUED);

		assertThat(hash("job-1")).containsOnlyKeys("id", "payload", "status", "attempts", "enqueued_at_ms",
				"claim_token");
		assertThat(list(this.keys.pending())).containsExactly("job-1");
	}

	@Test
	void replaceUpdatesThePayloadOfAJobThatHasNotStartedAndKeepsItsPlace() {
		this.jobs.enqueue(this.queue, "job-1", "a", Deduplication.replace());
		this.jobs.enqueue(this.queue, "other");

		assertThat(this.jobs.enqueue(this.queue, "job-1", "b", Deduplication.replace()))
			.isEqualTo(Deduplication.Outcome.UPDATED);

		assertThat(hash("job-1")).containsEntry("payload", "\"b\"");
		assertThat(list(this.keys.pending())).hasSize(2).last().isEqualTo("job-1");
		assertThat(this.worker.claimAvailable(this.queue, 1).get(0).payload()).isEqualTo("\"b\"");
	}

	@Test
	void replaceRefusesARunningOrFinishedJob() {
		this.jobs.enqueue(this.queue, "job-1", "a", Deduplication.replace());
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

		assertThat(this.jobs.enqueue(this.queue, "job-1", "b", Deduplication.replace()))
			.isEqualTo(Deduplication.Outcome.REFUSED);
		this.worker.complete(job, null);
		assertThat(this.jobs.enqueue(this.queue, "job-1", "b", Deduplication.replace()))
			.isEqualTo(Deduplication.Outcome.REFUSED);
		assertThat(hash("job-1")).containsEntry("payload", "\"a\"").containsEntry("status", "completed");
	}

	@Test
	void debouncePushesTheDueTimeBackWithEveryEnqueue() {
		Deduplication debounce = Deduplication.debounce(Duration.ofSeconds(10));
		assertThat(this.jobs.enqueue(this.queue, "d", "a", debounce)).isEqualTo(Deduplication.Outcome.ENQUEUED);
		assertThat(redis.zscore(this.keys.delayed(), "d")).isEqualTo(T0 + 10_000);

		this.clock.advance(Duration.ofSeconds(8));
		assertThat(this.jobs.enqueue(this.queue, "d", "b", debounce)).isEqualTo(Deduplication.Outcome.UPDATED);
		assertThat(redis.zscore(this.keys.delayed(), "d")).isEqualTo(T0 + 18_000);
		assertThat(hash("d")).containsEntry("payload", "\"b\"")
			.containsEntry("status", "delayed")
			.containsEntry("run_at_ms", String.valueOf(T0 + 18_000));

		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.worker.promoteDueJobs(this.queue, 10).promoted()).isZero();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.worker.promoteDueJobs(this.queue, 10).promoted()).isOne();
		assertThat(this.worker.claimAvailable(this.queue, 1).get(0).payload()).isEqualTo("\"b\"");
	}

	@Test
	void debounceMovesAPendingJobBackToTheDelayedSetAndRefusesARunningOne() {
		Deduplication debounce = Deduplication.debounce(Duration.ofSeconds(1));
		this.jobs.enqueue(this.queue, "d", "a", debounce);
		this.clock.advance(Duration.ofSeconds(2));
		this.worker.promoteDueJobs(this.queue, 10);
		assertThat(list(this.keys.pending())).containsExactly("d");

		assertThat(this.jobs.enqueue(this.queue, "d", "b", debounce)).isEqualTo(Deduplication.Outcome.UPDATED);
		assertThat(list(this.keys.pending())).isEmpty();
		assertThat(hash("d")).containsEntry("status", "delayed");

		this.clock.advance(Duration.ofSeconds(2));
		this.worker.promoteDueJobs(this.queue, 10);
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		assertThat(this.jobs.enqueue(this.queue, "d", "c", debounce)).isEqualTo(Deduplication.Outcome.REFUSED);

		this.worker.complete(job, null);
		assertThat(this.jobs.enqueue(this.queue, "d", "c", debounce)).isEqualTo(Deduplication.Outcome.ENQUEUED);
		assertThat(hash("d")).containsEntry("status", "delayed").containsEntry("payload", "\"c\"");
	}

	@Test
	void completeAndClaimKeepsAFinishedWindowJobForItsWindow() {
		Deduplication window = Deduplication.window(Duration.ofMinutes(30));
		assertThat(this.jobs.enqueue(this.queue, "w", "a", window)).isEqualTo(Deduplication.Outcome.ENQUEUED);
		String plain = this.jobs.enqueue(this.queue, "b");

		ClaimedJob first = this.worker.claimAvailable(this.queue, 1).get(0);
		ClaimedJob second = this.worker.completeAndClaim(first, null, 1).claimed().get(0);
		this.worker.completeAndClaim(second, null, 0);

		assertThat(first.id()).isEqualTo("w");
		assertThat(hash("w")).containsEntry("status", "completed");
		assertThat(redis.ttl(this.keys.job("w"))).isGreaterThan(1700L);
		assertThat(hash(plain)).containsEntry("status", "completed");
		assertThat(redis.ttl(this.keys.job(plain))).isBetween(1L, 300L);
	}

	@Test
	void windowRefusesTheIdUntilTheWindowAfterTheJobFinishedHasPassed() {
		Deduplication window = Deduplication.window(Duration.ofMinutes(30));
		assertThat(this.jobs.enqueue(this.queue, "w", "a", window)).isEqualTo(Deduplication.Outcome.ENQUEUED);
		assertThat(hash("w")).containsEntry("dedup_window_ms", "1800000");
		assertThat(this.jobs.enqueue(this.queue, "w", "b", window)).isEqualTo(Deduplication.Outcome.REFUSED);

		this.clock.advance(Duration.ofMinutes(1));
		this.worker.complete(this.worker.claimAvailable(this.queue, 1).get(0), null);
		// the finished hash outlives the 300 s finished-job TTL for the window
		assertThat(redis.ttl(this.keys.job("w"))).isGreaterThan(1700L);

		this.clock.advance(Duration.ofMinutes(29));
		assertThat(this.jobs.enqueue(this.queue, "w", "b", window)).isEqualTo(Deduplication.Outcome.REFUSED);
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.jobs.enqueue(this.queue, "w", "b", window)).isEqualTo(Deduplication.Outcome.ENQUEUED);
		assertThat(hash("w")).containsEntry("status", "pending").containsEntry("payload", "\"b\"");
		assertThat(redis.ttl(this.keys.job("w"))).isEqualTo(-1L);
	}

	@Test
	void aWindowAlsoCountsFromAFailureOrACancel() {
		Deduplication window = Deduplication.window(Duration.ofSeconds(10));
		this.jobs.enqueue(this.queue, "w", "a", window);
		this.jobs.cancel(this.queue, "w");

		assertThat(this.jobs.enqueue(this.queue, "w", "b", window)).isEqualTo(Deduplication.Outcome.REFUSED);
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.jobs.enqueue(this.queue, "w", "b", window)).isEqualTo(Deduplication.Outcome.ENQUEUED);
	}

	@Test
	void invalidDurationsAreRefusedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> Deduplication.debounce(Duration.ZERO))
			.withMessageContaining("delay");
		assertThatIllegalArgumentException().isThrownBy(() -> Deduplication.window(Duration.ofMillis(-1)))
			.withMessageContaining("window");
	}

}
