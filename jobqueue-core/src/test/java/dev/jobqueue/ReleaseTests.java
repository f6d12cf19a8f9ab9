package dev.jobqueue;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code release_jobs.lua}.
 */
class ReleaseTests extends AbstractRedisTests {

	@Test
	void releasedJobGoesToTheOldestEndOfPendingWithItsAttemptGivenBack() {
		String first = this.jobs.enqueue(this.queue, 1);
		String second = this.jobs.enqueue(this.queue, 2);
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();

		assertThat(this.worker.release(List.of(job))).containsExactly(job);

		assertThat(hash(first)).containsEntry("status", "pending")
			.containsEntry("claim_token", "")
			.containsEntry("claimed_at_ms", "0")
			.containsEntry("attempts", "0")
			.doesNotContainKey("last_error");
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(this.worker.claim(this.queue, millis(200)).orElseThrow().id()).as("runs next").isEqualTo(first);
		assertThat(list(this.keys.pending())).containsExactly(second);
	}

	@Test
	void releasedJobCanNoLongerBeCompletedByItsOldClaim() {
		this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.release(List.of(job));

		assertThat(this.worker.complete(job, "late")).isFalse();
		assertThat(hash(job.id())).containsEntry("status", "pending");
	}

	@Test
	void jobAlreadyReclaimedOrFinishedIsNotReleased() {
		this.jobs.enqueue(this.queue, 1);
		this.jobs.enqueue(this.queue, 2);
		ClaimedJob finished = this.worker.claim(this.queue, millis(200)).orElseThrow();
		ClaimedJob running = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.complete(finished, "done");

		assertThat(this.worker.release(List.of(finished, running))).containsExactly(running);
		assertThat(hash(finished.id())).containsEntry("status", "completed");
		assertThat(list(this.keys.pending())).containsExactly(running.id());
	}

	@Test
	void releasingNothingTalksToNoRedis() {
		assertThat(this.worker.release(List.of())).isEmpty();
	}

}
