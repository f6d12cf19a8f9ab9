package dev.jobqueue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet-wide per-minute counters written by the flows that change a job's state, on a
 * real Redis: each flow counts its outcome in the hash of the minute of its clock when
 * the counters are on, and writes nothing when they are off.
 */
class MinuteCountersTests extends AbstractRedisTests {

	long minute() {
		return this.clock.millis() / 60_000;
	}

	Map<String, String> counts(long minute) {
		return redis.hgetall(this.keys.counts(minute));
	}

	@Test
	void offByDefaultNoFlowWritesACounter() {
		assertThat(this.clients.isMinuteCounters()).isFalse();
		this.jobs.enqueueAll(this.queue, List.of(1, 2, 3));
		List<ClaimedJob> claimed = this.worker.claimAvailable(this.queue, 3);
		this.worker.complete(claimed.get(0), "ok");
		this.worker.fail(claimed.get(1), "boom");
		this.worker.fail(claimed.get(2), "boom", false);
		assertThat(redis.exists(this.keys.counts(minute()))).isZero();
	}

	@Test
	void completeFailRetryAndReclaimAreCountedInTheMinuteOfTheClock() {
		this.clients.setMinuteCounters(true);
		this.jobs.enqueueAll(this.queue, List.of(1, 2, 3, 4, 5));
		List<ClaimedJob> claimed = this.worker.claimAvailable(this.queue, 3);
		this.worker.complete(claimed.get(0), "ok");
		this.worker.fail(claimed.get(1), "try again");
		this.worker.fail(claimed.get(2), "give up", false);
		assertThat(counts(minute())).containsOnly(Map.entry("completed", "1"), Map.entry("retried", "1"),
				Map.entry("failed", "1"));
		long ttl = redis.ttl(this.keys.counts(minute()));
		assertThat(ttl).isBetween(86_000L, 86_400L);

		this.clock.advance(Duration.ofMinutes(1));
		List<ClaimedJob> more = this.worker.claimAvailable(this.queue, 3);
		this.clock.advance(QueueSettings.defaults(this.queue).visibilityTimeout().plusSeconds(1));
		ReclaimResult swept = this.admin.reclaimStuck(this.queue);
		assertThat(swept.reclaimed()).hasSize(more.size());
		assertThat(counts(minute())).containsEntry("reclaimed", String.valueOf(more.size()));
	}

	@Test
	void completeAndClaimCountsTheCompletion() {
		this.clients.setMinuteCounters(true);
		this.jobs.enqueueAll(this.queue, List.of(1, 2));
		ClaimedJob first = this.worker.claimAvailable(this.queue, 1).get(0);
		CompleteAndClaimResult result = this.worker.completeAndClaim(first, "ok", 1);
		assertThat(result.claimed()).hasSize(1);
		this.worker.completeAndClaim(result.claimed().get(0), "ok", 0);
		assertThat(counts(minute())).containsOnly(Map.entry("completed", "2"));
	}

	@Test
	void aClaimThatFailsAJobWhoseHashIsGoneCountsItAsFailed() {
		this.clients.setMinuteCounters(true);
		String id = this.jobs.enqueue(this.queue, "x");
		redis.del(this.keys.job(id));
		assertThat(this.worker.claimAvailable(this.queue, 1)).isEmpty();
		assertThat(counts(minute())).containsOnly(Map.entry("failed", "1"));
	}

	@Test
	void aFlowThatChangesNothingCountsNothing() {
		this.clients.setMinuteCounters(true);
		this.jobs.enqueue(this.queue, "x");
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		this.admin.delete(this.queue, job.id());
		assertThat(this.worker.complete(job, "late")).isFalse();
		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).isEmpty();
		assertThat(redis.exists(this.keys.counts(minute()))).isZero();
	}

	@Test
	void theBuilderSwitchesThemOn() {
		use(JobQueueClients.builder(redisTemplate).clock(this.clock).minuteCounters(true).build());
		this.jobs.enqueue(this.queue, "x");
		this.worker.complete(this.worker.claimAvailable(this.queue, 1).get(0), "ok");
		assertThat(counts(minute())).containsOnly(Map.entry("completed", "1"));
	}

}
