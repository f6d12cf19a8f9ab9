package dev.jobqueue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code retry_job.lua} and {@code delete_job.lua}, the operator's actions.
 */
class RetryAndDeleteTests extends AbstractRedisTests {

	@Test
	void retryMovesAFailedJobBackToPendingWithFreshAttemptsAndNoTtl() {
		String id = this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.fail(job, "bad input", false);
		assertThat(redis.ttl(this.keys.job(id))).isPositive();

		assertThat(this.admin.retry(this.queue, id)).isTrue();

		assertThat(hash(id)).containsEntry("status", "pending")
			.containsEntry("attempts", "0")
			.containsEntry("claim_token", "")
			.containsEntry("claimed_at_ms", "0")
			.containsEntry("last_error", "bad input");
		assertThat(redis.ttl(this.keys.job(id))).isEqualTo(-1);
		assertThat(list(this.keys.failed())).isEmpty();
		assertThat(list(this.keys.pending())).containsExactly(id);
		assertThat(this.worker.claim(this.queue, millis(200)).orElseThrow().attempts()).isOne();
	}

	@Test
	void retryLeavesAJobThatHasNotFailedAlone() {
		String id = this.jobs.enqueue(this.queue, 1);

		assertThat(this.admin.retry(this.queue, id)).isFalse();
		assertThat(this.admin.retry(this.queue, "0000000000000000")).isFalse();
		assertThat(list(this.keys.pending())).containsExactly(id);
	}

	@Test
	void deleteRemovesTheHashAndEveryListEntry() {
		String id = this.jobs.enqueue(this.queue, 1);
		String other = this.jobs.enqueue(this.queue, 2);

		assertThat(this.admin.delete(this.queue, id)).isTrue();

		assertThat(redis.exists(this.keys.job(id))).isZero();
		assertThat(list(this.keys.pending())).containsExactly(other);
		assertThat(this.admin.delete(this.queue, id)).as("second delete").isFalse();
	}

	@Test
	void deletedJobCannotBeCompletedByItsWorker() {
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();

		assertThat(this.admin.delete(this.queue, job.id())).isTrue();

		assertThat(this.worker.complete(job, "late")).isFalse();
		assertThat(redis.exists(this.keys.job(job.id()))).isZero();
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(list(this.keys.completed())).isEmpty();
	}

	@Test
	void countersAreReadWithoutRedisAndFollowEveryOperation() {
		this.jobs.enqueue(this.queue, 1);
		this.jobs.enqueue(this.queue, 2);
		ClaimedJob first = this.worker.claim(this.queue, millis(200)).orElseThrow();
		ClaimedJob second = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.complete(first, null);
		this.worker.fail(second, "again");

		assertThat(this.admin.counters(this.queue)).isEqualTo(new QueueCounters(this.queue, 2, 1, 0, 1, 0));
	}

}
