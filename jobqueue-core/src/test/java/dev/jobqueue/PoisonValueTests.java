package dev.jobqueue;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Numbers in a job hash that Lua's {@code tonumber} accepts but no writer produces:
 * {@code nan}, {@code inf} and timestamps further ahead than the clock-skew tolerance.
 * Each has a defined outcome; none keeps a job running or moving forever.
 */
class PoisonValueTests extends AbstractRedisTests {

	private static final long VISIBILITY = 5000;

	/**
	 * The clock-skew tolerance between instances, as {@code includes/clock.lua} states
	 * it.
	 */
	private static final long SKEW = 60_000;

	@Test
	void attemptsThatAreNotANumberCountAsZeroAndTheClaimWritesAnInteger() {
		for (String poison : List.of("nan", "-nan", "inf", "-inf", "1e400", "99999999999999999999")) {
			String id = this.jobs.enqueue(this.queue, 1);
			redis.hset(this.keys.job(id), "attempts", poison);

			ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

			assertThat(job.attempts()).as(poison).isEqualTo(1);
			assertThat(hash(id)).as(poison).containsEntry("attempts", "1");
			this.worker.complete(job, null);
		}
	}

	@Test
	void aJobThatAlwaysHangsWithAttemptsNanEndsAfterMaxAttempts() {
		String id = this.jobs.enqueue(this.queue, 1);
		redis.hset(this.keys.job(id), "attempts", "nan");

		for (int claim = 1; claim <= 3; claim++) {
			assertThat(this.worker.claimAvailable(this.queue, 1)).as("claim " + claim).hasSize(1);
			this.clock.advance(VISIBILITY + 1);
			this.admin.reclaimStuck(this.queue);
		}

		assertThat(hash(id)).containsEntry("status", "failed").containsEntry("attempts", "3");
		assertThat(list(this.keys.processing())).isEmpty();
		assertThat(list(this.keys.pending())).isEmpty();
	}

	@Test
	void aClaimedAtThatIsNotFiniteIsRestampedAndTheJobIsReclaimedOneVisibilityLater() {
		for (String poison : List.of("inf", "nan", "-inf", "1e400")) {
			String id = referenceClaim();
			redis.hset(this.keys.job(id), "claimed_at_ms", poison);

			assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).as(poison).isEmpty();
			assertThat(hash(id)).as(poison).containsEntry("claimed_at_ms", String.valueOf(this.clock.millis()));
			this.clock.advance(VISIBILITY + 1);

			assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).as(poison).containsExactly(id);
			redis.del(this.keys.pending());
		}
	}

	@Test
	void aClaimedAtFurtherAheadThanTheClockSkewToleranceIsRestamped() {
		String id = referenceClaim();
		redis.hset(this.keys.job(id), "claimed_at_ms", "99999999999999");

		this.admin.reclaimStuck(this.queue);
		assertThat(hash(id)).containsEntry("claimed_at_ms", String.valueOf(this.clock.millis()));
		this.clock.advance(VISIBILITY + 1);

		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(id);
	}

	@Test
	void aClaimedAtAheadWithinTheClockSkewToleranceIsHonoured() {
		String id = referenceClaim();
		long ahead = this.clock.millis() + SKEW;
		redis.hset(this.keys.job(id), "claimed_at_ms", String.valueOf(ahead));

		this.clock.set(ahead + VISIBILITY);
		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).isEmpty();
		assertThat(hash(id)).containsEntry("claimed_at_ms", String.valueOf(ahead));
		this.clock.advance(1);

		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(id);
	}

	@Test
	void anEnqueuedAtThatIsNotFiniteDoesNotHideACrashBetweenMoveAndClaim() {
		String id = this.jobs.enqueue(this.queue, 1);
		redis.hset(this.keys.job(id), "enqueued_at_ms", "inf");
		redis.lmove(this.keys.pending(), this.keys.processing(), io.lettuce.core.LMoveArgs.Builder.rightLeft());

		this.admin.reclaimStuck(this.queue);
		this.clock.advance(VISIBILITY + 1);

		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(id);
	}

	/** A job claimed by the reference helper, which records no lease. */
	private String referenceClaim() {
		ReferenceHelper reference = new ReferenceHelper(redis, this.keys, this.clock, VISIBILITY);
		reference.enqueue("{}");
		return reference.claim(0.1)[0];
	}

}
