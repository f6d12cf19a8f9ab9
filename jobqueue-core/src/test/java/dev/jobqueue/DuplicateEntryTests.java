package dev.jobqueue;

import java.util.List;

import io.lettuce.core.LMoveArgs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job id that appears twice in pending or processing (another client pushed it again,
 * or a command was replayed): the extra entry is dropped by the claim or the sweep, and a
 * job runs once per time it is pending; a finished job never runs again.
 */
class DuplicateEntryTests extends AbstractRedisTests {

	private static final long VISIBILITY = 5000;

	@Test
	void aSecondPendingEntryOfAJobBeingProcessedIsDroppedNotClaimedAgain() {
		String id = this.jobs.enqueue(this.queue, 1);
		redis.lpush(this.keys.pending(), id);
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

		assertThat(this.worker.claimAvailable(this.queue, 1)).isEmpty();

		assertThat(hash(id)).containsEntry("status", "processing")
			.containsEntry("attempts", "1")
			.containsEntry("claim_token", job.claimToken());
		assertThat(list(this.keys.processing())).containsExactly(id);
		assertThat(list(this.keys.pending())).isEmpty();
		assertThat(this.worker.complete(job, "once")).isTrue();
	}

	@Test
	void aBlockingClaimDropsAPendingEntryOfAJobBeingProcessed() {
		String id = this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		redis.lpush(this.keys.pending(), id);

		assertThat(this.worker.claim(this.queue, millis(200))).isEmpty();

		assertThat(hash(id)).containsEntry("attempts", "1").containsEntry("claim_token", job.claimToken());
		assertThat(list(this.keys.processing())).containsExactly(id);
		assertThat(this.worker.complete(job, "once")).isTrue();
	}

	@Test
	void aPendingEntryOfACompletedJobIsDroppedAndTheJobStaysCompleted() {
		String id = this.jobs.enqueue(this.queue, 1);
		this.worker.complete(this.worker.claimAvailable(this.queue, 1).get(0), "done");
		Long ttl = redis.ttl(this.keys.job(id));
		redis.lpush(this.keys.pending(), id, id);

		assertThat(this.worker.claimAvailable(this.queue, 5)).isEmpty();
		assertThat(this.worker.claim(this.queue, millis(200))).isEmpty();

		assertThat(hash(id)).containsEntry("status", "completed").containsEntry("attempts", "1");
		assertThat(redis.ttl(this.keys.job(id))).isBetween(1L, ttl);
		assertThat(list(this.keys.pending())).isEmpty();
		assertThat(list(this.keys.processing())).isEmpty();
	}

	@Test
	void aPendingEntryOfAFailedJobIsDroppedAndTheJobStaysFailed() {
		String id = this.jobs.enqueue(this.queue, 1);
		this.worker.fail(this.worker.claimAvailable(this.queue, 1).get(0), "bad", false);
		redis.lpush(this.keys.pending(), id);

		assertThat(this.worker.claimAvailable(this.queue, 1)).isEmpty();

		assertThat(hash(id)).containsEntry("status", "failed").containsEntry("attempts", "1");
		assertThat(list(this.keys.processing())).isEmpty();
	}

	@Test
	void theSweepDropsAProcessingEntryLeftOverByACompletedJobInsteadOfSendingItBack() {
		String id = this.jobs.enqueue(this.queue, 1);
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		redis.lpush(this.keys.processing(), id);
		this.worker.complete(job, "done");
		this.clock.advance(3 * VISIBILITY);

		ReclaimResult result = this.admin.reclaimStuck(this.queue);

		assertThat(result.reclaimed()).isEmpty();
		assertThat(result.failed()).isEmpty();
		assertThat(hash(id)).containsEntry("status", "completed").doesNotContainKey("reclaimed_at_ms");
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(list(this.keys.pending())).isEmpty();
	}

	@Test
	void theSweepReturnsAStaleJobWithTwoProcessingEntriesToPendingOnce() {
		String id = this.jobs.enqueue(this.queue, 1);
		this.worker.claimAvailable(this.queue, 1);
		redis.lpush(this.keys.processing(), id);
		this.clock.advance(VISIBILITY + 1);

		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(id);

		assertThat(list(this.keys.pending())).containsExactly(id);
		assertThat(list(this.keys.processing())).isEmpty();
	}

	@Test
	void aCrashBetweenTheMoveAndTheClaimIsStillReclaimedByTheEnqueuedAtFallback() {
		String id = this.jobs.enqueue(this.queue, 1);
		redis.lmove(this.keys.pending(), this.keys.processing(), LMoveArgs.Builder.rightLeft());
		this.clock.advance(2 * VISIBILITY + 1);

		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(id);
		assertThat(this.worker.claimAvailable(this.queue, 1)).extracting(ClaimedJob::id).containsExactly(id);
	}

	@Test
	void aReplayedBlockingClaimLeavesTheJobItClaimedInProcessing() {
		String id = this.jobs.enqueue(this.queue, 1);
		String other = this.jobs.enqueue(this.queue, 2);
		redis.lmove(this.keys.pending(), this.keys.processing(), LMoveArgs.Builder.rightLeft());
		DefaultJobWorkerProtocol protocol = (DefaultJobWorkerProtocol) this.worker;
		ClaimedJob job = protocol.claimMoved(this.queue, id).get(0);

		// the connection dropped before the reply: the client sends the same claim again
		List<ClaimedJob> replayed = protocol.claimMoved(this.queue, id);

		assertThat(replayed).extracting(ClaimedJob::id).containsExactly(other);
		assertThat(hash(id)).containsEntry("status", "processing").containsEntry("claim_token", job.claimToken());
		assertThat(list(this.keys.processing())).containsExactlyInAnyOrder(id, other);
		// the first claim's reply was lost, so nobody extends its lease: the sweep
		// returns it
		this.clock.advance(VISIBILITY + 1);
		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactlyInAnyOrder(id, other);
	}

	@Test
	void aBlockingClaimDropsAProcessingEntryOfACancelledJob() {
		String id = this.jobs.enqueue(this.queue, 1);
		redis.lmove(this.keys.pending(), this.keys.processing(), LMoveArgs.Builder.rightLeft());
		redis.hset(this.keys.job(id), "status", "cancelled");

		assertThat(((DefaultJobWorkerProtocol) this.worker).claimMoved(this.queue, id)).isEmpty();
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(list(this.keys.pending())).isEmpty();
		assertThat(hash(id)).containsEntry("status", "cancelled");
	}

	@Test
	void theSweepDropsAProcessingEntryOfACancelledOrDelayedJobInsteadOfSendingItBack() {
		String cancelled = this.jobs.enqueue(this.queue, 1);
		String delayed = this.jobs.enqueue(this.queue, 2);
		redis.lmove(this.keys.pending(), this.keys.processing(), LMoveArgs.Builder.rightLeft());
		redis.lmove(this.keys.pending(), this.keys.processing(), LMoveArgs.Builder.rightLeft());
		redis.hset(this.keys.job(cancelled), "status", "cancelled");
		redis.hset(this.keys.job(delayed), "status", "delayed");
		this.clock.advance(3 * VISIBILITY);

		ReclaimResult result = this.admin.reclaimStuck(this.queue);

		assertThat(result.reclaimed()).isEmpty();
		assertThat(result.failed()).isEmpty();
		assertThat(hash(cancelled)).containsEntry("status", "cancelled");
		assertThat(hash(delayed)).containsEntry("status", "delayed");
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(list(this.keys.pending())).isEmpty();
	}

}
