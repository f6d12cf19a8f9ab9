package dev.jobqueue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@link JobQueueAdmin#retryFailed} (retry_failed_jobs.lua) on a real Redis.
 */
class RetryFailedTests extends AbstractRedisTests {

	private List<String> failJobs(int count) {
		this.jobs.enqueueAll(this.queue, new ArrayList<>(java.util.Collections.nCopies(count, "x")));
		List<String> failedOldestFirst = new ArrayList<>();
		for (ClaimedJob job : this.worker.claimAvailable(this.queue, count)) {
			this.worker.fail(job, "boom", false);
			failedOldestFirst.add(job.id());
		}
		return failedOldestFirst;
	}

	@Test
	void sendsTheOldestFailuresBackFirstInBoundedBatches() {
		List<String> failed = failJobs(5);
		this.clock.advance(1000);
		assertThat(this.admin.retryFailed(this.queue, 2)).isEqualTo(2);
		assertThat(list(this.keys.pending())).containsExactly(failed.get(1), failed.get(0));
		assertThat(list(this.keys.failed())).hasSize(3);
		assertThat(this.admin.retryFailed(this.queue, 10)).isEqualTo(3);
		assertThat(list(this.keys.failed())).isEmpty();
		assertThat(list(this.keys.pending())).hasSize(5);
		for (String id : failed) {
			assertThat(hash(id)).containsEntry("status", "pending")
				.containsEntry("attempts", "0")
				.containsEntry("claim_token", "")
				.containsEntry("last_error", "boom");
			assertThat(redis.ttl(this.keys.job(id))).as("pending hashes never expire").isEqualTo(-1);
		}
		assertThat(this.admin.retryFailed(this.queue, 10)).isZero();
	}

	@Test
	void idsWhoseHashIsGoneOrNoLongerFailedAreDropped() {
		List<String> failed = failJobs(3);
		redis.del(this.keys.job(failed.get(0)));
		redis.hset(this.keys.job(failed.get(1)), "status", "completed");
		assertThat(this.admin.retryFailed(this.queue, 10)).isEqualTo(1);
		assertThat(list(this.keys.failed())).isEmpty();
		assertThat(list(this.keys.pending())).containsExactly(failed.get(2));
		assertThat(redis.exists(this.keys.job(failed.get(0)))).isZero();
	}

	@Test
	void maxMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.admin.retryFailed(this.queue, 0))
			.withMessageContaining("max");
	}

}
