package dev.jobqueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease belongs to the job: the claimant's deadline is recorded with the claim (in
 * the queue's lease sorted set, so a plain job's hash stays the reference's) and every
 * jobqueue sweep honours it, whatever its own visibility timeout. A job the reference
 * helper claimed has no lease, and the sweep keeps the reference's rule for it.
 */
class LeaseTests extends AbstractRedisTests {

	private static final long LONG = 30_000;

	private static final long SHORT = 2_000;

	private JobQueueClients longLease;

	private JobQueueClients shortSweeper;

	@BeforeEach
	void twoApplications() {
		this.longLease = template(
				(name) -> QueueSettings.defaults(name).withVisibilityTimeout(millis(LONG)).withMaxAttempts(5));
		this.shortSweeper = template(
				(name) -> QueueSettings.defaults(name).withVisibilityTimeout(millis(SHORT)).withMaxAttempts(2));
	}

	@AfterEach
	void close() {
		this.longLease.destroy();
		this.shortSweeper.destroy();
	}

	@Test
	void aSweeperWithAShorterVisibilityHonoursTheClaimantsLease() {
		String id = this.longLease.template().enqueue(this.queue, 1);
		this.longLease.workerProtocol().claimAvailable(this.queue, 1);

		this.clock.advance(LONG);
		assertThat(this.shortSweeper.admin().reclaimStuck(this.queue).isEmpty()).isTrue();
		assertThat(hash(id)).containsEntry("status", "processing");

		this.clock.advance(1);
		assertThat(this.shortSweeper.admin().reclaimStuck(this.queue).reclaimed()).containsExactly(id);
		assertThat(redis.zscore(leases(), id)).isNull();
	}

	@Test
	void theClaimRecordsTheDeadlineAndAnExtensionMovesIt() {
		String id = this.longLease.template().enqueue(this.queue, 1);
		ClaimedJob job = this.longLease.workerProtocol().claimAvailable(this.queue, 1).get(0);
		assertThat(redis.zscore(leases(), id)).isEqualTo((double) (T0 + LONG));

		this.clock.advance(LONG - 1);
		assertThat(this.longLease.workerProtocol().extendLeases(java.util.List.of(job))).isEmpty();
		assertThat(redis.zscore(leases(), id)).isEqualTo((double) (T0 + 2 * LONG - 1));
		this.clock.advance(LONG - 1);

		assertThat(this.shortSweeper.admin().reclaimStuck(this.queue).isEmpty()).isTrue();
		assertThat(this.longLease.workerProtocol().complete(job, "done")).isTrue();
	}

	@Test
	void theLeaseIsRemovedWhenTheJobCompletesFailsOrIsReleased() {
		this.longLease.template().enqueueAll(this.queue, java.util.List.of(1, 2, 3, 4));
		java.util.List<ClaimedJob> jobs = this.longLease.workerProtocol().claimAvailable(this.queue, 4);
		assertThat(redis.zcard(leases())).isEqualTo(4);

		this.longLease.workerProtocol().complete(jobs.get(0), null);
		this.longLease.workerProtocol().fail(jobs.get(1), "retry me");
		this.longLease.workerProtocol().fail(jobs.get(2), "not again", false);
		this.longLease.workerProtocol().release(java.util.List.of(jobs.get(3)));

		assertThat(redis.exists(leases())).isZero();
	}

	@Test
	void theHashOfAPlainJobGetsNoNewField() {
		String id = this.longLease.template().enqueue(this.queue, 1);
		this.longLease.workerProtocol().claimAvailable(this.queue, 1);

		assertThat(hash(id)).containsOnlyKeys("id", "payload", "status", "attempts", "enqueued_at_ms", "claim_token",
				"claimed_at_ms");
	}

	@Test
	void aJobTheReferenceClaimedKeepsTheSweepersOwnRule() {
		ReferenceHelper reference = new ReferenceHelper(redis, this.keys, this.clock, SHORT);
		reference.enqueue("{}");
		String id = reference.claim(0.1)[0];

		this.clock.advance(SHORT + 1);
		assertThat(this.shortSweeper.admin().reclaimStuck(this.queue).reclaimed()).containsExactly(id);
	}

	@Test
	void aLeaseDeadlineFurtherAheadThanAnyVisibilityIsIgnoredAndTheSweepersRuleApplies() {
		String id = this.longLease.template().enqueue(this.queue, 1);
		this.longLease.workerProtocol().claimAvailable(this.queue, 1);
		redis.zadd(leases(), Double.POSITIVE_INFINITY, id);

		this.clock.advance(SHORT + 1);
		assertThat(this.shortSweeper.admin().reclaimStuck(this.queue).reclaimed()).containsExactly(id);
	}

	private String leases() {
		return this.keys.leases();
	}

}
