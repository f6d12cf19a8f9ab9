package dev.jobqueue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code reclaim_stuck_jobs.lua}: the reference's stale rule at its exact
 * boundaries, the token fence, and the cases where this implementation is stricter.
 */
class ReclaimTests extends AbstractRedisTests {

	private static final long VISIBILITY = 5000;

	@Test
	void aJobExactlyAtTheVisibilityTimeoutIsNotStaleAndOneMillisecondLaterItIs() {
		String id = this.jobs.enqueue(this.queue, 1);
		this.worker.claim(this.queue, millis(200)).orElseThrow();

		this.clock.advance(VISIBILITY);
		assertThat(this.admin.reclaimStuck(this.queue).isEmpty()).isTrue();

		this.clock.advance(1);
		ReclaimResult result = this.admin.reclaimStuck(this.queue);
		assertThat(result.reclaimed()).containsExactly(id);
		assertThat(hash(id)).containsEntry("status", "pending")
			.containsEntry("reclaimed_at_ms", String.valueOf(T0 + VISIBILITY + 1))
			.containsEntry("claim_token", "")
			.containsEntry("claimed_at_ms", "0")
			.containsEntry("attempts", "1");
		assertThat(list(this.keys.pending())).containsExactly(id);
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(this.admin.stats(this.queue).reclaimedTotal()).isOne();
	}

	@Test
	void withoutClaimedAtTheEnqueuedAtFallbackUsesTwiceTheVisibility() {
		String id = this.jobs.enqueue(this.queue, 1);
		redis.lmove(this.keys.pending(), this.keys.processing(), io.lettuce.core.LMoveArgs.Builder.rightLeft());

		this.clock.set(T0 + 2 * VISIBILITY);
		assertThat(this.admin.reclaimStuck(this.queue).isEmpty()).isTrue();
		this.clock.set(T0 + 2 * VISIBILITY + 1);
		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(id);
	}

	@Test
	void reclaimReturnsIdsNewestClaimFirstAndLeavesFreshOnes() {
		String a = this.jobs.enqueue(this.queue, "a");
		String b = this.jobs.enqueue(this.queue, "b");
		String c = this.jobs.enqueue(this.queue, "c");
		this.worker.claim(this.queue, millis(200));
		this.worker.claim(this.queue, millis(200));
		this.clock.advance(VISIBILITY + 1);
		this.worker.claim(this.queue, millis(200));

		ReclaimResult result = this.admin.reclaimStuck(this.queue);

		assertThat(result.reclaimed()).containsExactly(b, a);
		assertThat(list(this.keys.processing())).containsExactly(c);
	}

	@Test
	void aReclaimedWorkerCannotCompleteOrFailItsJobAndTheNewOwnerCan() {
		String id = this.jobs.enqueue(this.queue, 1);
		ClaimedJob stale = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.clock.advance(VISIBILITY + 1);
		this.admin.reclaimStuck(this.queue);

		assertThat(this.worker.complete(stale, "late")).isFalse();
		assertThat(this.worker.fail(stale, "late")).isEqualTo(FailOutcome.REJECTED);

		ClaimedJob owner = this.worker.claim(this.queue, millis(200)).orElseThrow();
		assertThat(this.worker.complete(stale, "late")).isFalse();
		assertThat(this.worker.fail(stale, "late", false)).isEqualTo(FailOutcome.REJECTED);
		assertThat(this.worker.complete(owner, "mine")).isTrue();
		assertThat(hash(id)).containsEntry("result", "\"mine\"")
			.containsEntry("attempts", "2")
			.containsEntry("status", "completed");
		assertThat(list(this.keys.completed())).containsExactly(id);
	}

	@Test
	void aStaleJobOnItsLastAttemptIsFailedForGoodSoAHangingJobEnds() {
		use(template((name) -> QueueSettings.defaults(name).withMaxAttempts(2)));
		String id = this.jobs.enqueue(this.queue, 1);
		for (int attempt = 1; attempt <= 2; attempt++) {
			this.worker.claim(this.queue, millis(200)).orElseThrow();
			this.clock.advance(VISIBILITY + 1);
			ReclaimResult result = this.admin.reclaimStuck(this.queue);
			assertThat((attempt == 1) ? result.reclaimed() : result.failed()).containsExactly(id);
		}

		assertThat(hash(id)).containsEntry("status", "failed")
			.containsEntry("last_error", "visibility timeout of 5000 ms expired on attempt 2 of 2; not retried");
		assertThat(list(this.keys.failed())).containsExactly(id);
		assertThat(list(this.keys.pending())).isEmpty();
	}

	@Test
	void anIdInProcessingWhoseHashIsGoneIsFailedNotStranded() {
		redis.lpush(this.keys.processing(), "orphan");

		ReclaimResult result = this.admin.reclaimStuck(this.queue);

		assertThat(result.failed()).containsExactly("orphan");
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(list(this.keys.failed())).containsExactly("orphan");
		assertThat(hash("orphan")).containsEntry("status", "failed")
			.hasEntrySatisfying("last_error", (error) -> assertThat(error).startsWith("job hash missing"));
	}

	@Test
	void nonNumericTimestampsDoNotBreakTheSweepForOtherJobs() {
		redis.hset(this.keys.job("weird"), Map.of("id", "weird", "payload", "{}", "status", "processing", "attempts",
				"1", "claimed_at_ms", "", "enqueued_at_ms", "yesterday", "claim_token", "abc"));
		redis.lpush(this.keys.processing(), "weird");
		String normal = this.jobs.enqueue(this.queue, 1);
		this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.clock.advance(VISIBILITY + 1);

		ReclaimResult first = this.admin.reclaimStuck(this.queue);

		assertThat(first.reclaimed()).containsExactly(normal);
		assertThat(hash("weird")).as("the clock starts now")
			.containsEntry("claimed_at_ms", String.valueOf(this.clock.millis()));
		this.clock.advance(VISIBILITY + 1);
		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly("weird");
	}

	@Test
	void anExtendedLeaseIsNotReclaimedButALostOneIsReported() {
		this.jobs.enqueueAll(this.queue, java.util.List.of(1, 2));
		ClaimedJob kept = this.worker.claim(this.queue, millis(200)).orElseThrow();
		ClaimedJob lost = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.clock.advance(VISIBILITY + 1);
		this.worker.fail(lost, "gone", false);

		assertThat(this.worker.extendLeases(java.util.List.of(kept, lost))).containsExactly(lost);
		assertThat(hash(kept.id())).containsEntry("claimed_at_ms", String.valueOf(this.clock.millis()));
		this.clock.advance(VISIBILITY);
		assertThat(this.admin.reclaimStuck(this.queue).isEmpty()).isTrue();
		assertThat(this.worker.complete(kept, "done")).isTrue();
	}

}
