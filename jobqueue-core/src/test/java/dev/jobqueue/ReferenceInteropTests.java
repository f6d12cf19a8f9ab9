package dev.jobqueue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs cross between the reference helper's commands and {@link JobQueueTemplate} in both
 * directions, and both leave byte-identical hashes.
 */
class ReferenceInteropTests extends AbstractRedisTests {

	private ReferenceHelper reference;

	@BeforeEach
	void reference() {
		this.reference = new ReferenceHelper(redis, this.keys, this.clock, 5000);
	}

	@Test
	void aJobEnqueuedByTheReferenceIsClaimedAndCompletedByUs() {
		String id = this.reference.enqueue("{\"kind\":\"email\",\"recipient\":\"alice@example.com\",\"n\":1}");

		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		assertThat(job.id()).isEqualTo(id);
		assertThat(job.payload()).isEqualTo("{\"kind\":\"email\",\"recipient\":\"alice@example.com\",\"n\":1}");
		assertThat(this.worker.complete(job, Map.of("worker", "java"))).isTrue();

		assertThat(hash(id)).containsEntry("status", "completed").containsEntry("result", "{\"worker\":\"java\"}");
		assertThat(list(this.keys.completed())).containsExactly(id);
	}

	@Test
	void aJobWeEnqueueIsClaimedAndCompletedByTheReference() {
		String id = this.jobs.enqueue(this.queue, Map.of("kind", "webhook"));

		String[] claimed = this.reference.claim(0.5);
		assertThat(claimed[0]).isEqualTo(id);
		assertThat(claimed[2]).isEqualTo("1");
		assertThat(this.reference.complete(id, claimed[1], "{\"ok\":true}")).isTrue();

		assertThat(this.jobs.getJob(this.queue, id).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
		assertThat(this.admin.stats(this.queue).completedDepth()).isOne();
	}

	@Test
	void bothLeaveIdenticalHashesForTheSameLifecycle() {
		String ours = this.jobs.enqueue(this.queue, Map.of("kind", "invoice"));
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.fail(job, "try again");
		job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.complete(job, Map.of("total", 12));
		long oursCompleted = System.nanoTime();

		String theirs = this.reference.enqueue("{\"kind\":\"invoice\"}");
		String[] claimed = this.reference.claim(0.5);
		this.reference.fail(theirs, claimed[1], 1, "try again");
		claimed = this.reference.claim(0.5);
		this.reference.complete(theirs, claimed[1], "{\"total\":12}");

		assertThat(comparable(hash(ours), job.claimToken())).isEqualTo(comparable(hash(theirs), claimed[1]));
		long theirsTtl = redis.ttl(this.keys.job(theirs));
		// both keep a finished hash for the same TTL; ours started counting down when our
		// complete ran, so on a loaded machine it may be lower by the seconds since then
		long since = (System.nanoTime() - oursCompleted) / 1_000_000_000L + 1;
		assertThat(redis.ttl(this.keys.job(ours))).isBetween(theirsTtl - since, theirsTtl);
	}

	@Test
	void theReferenceSweepReclaimsOurStaleClaimAndFencesUsOff() {
		String id = this.jobs.enqueue(this.queue, 1);
		ClaimedJob stale = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.clock.advance(5001);

		assertThat(this.reference.reclaimStuck()).containsExactly(id);
		assertThat(this.worker.complete(stale, "late")).isFalse();
		ClaimedJob again = this.worker.claim(this.queue, millis(200)).orElseThrow();
		assertThat(again.attempts()).isEqualTo(2);
		assertThat(this.worker.complete(again, "fine")).isTrue();
	}

	@Test
	void ourSweepReclaimsTheReferencesStaleClaimWithTheSameFields() {
		String id = this.reference.enqueue("{\"kind\":\"thumbnail\"}");
		String[] claimed = this.reference.claim(0.5);
		this.clock.advance(5001);

		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(id);
		assertThat(this.reference.complete(id, claimed[1], "{}")).isFalse();
		assertThat(hash(id)).containsEntry("status", "pending")
			.containsEntry("reclaimed_at_ms", String.valueOf(this.clock.millis()))
			.containsEntry("claimed_at_ms", "0")
			.containsEntry("claim_token", "");
	}

	@Test
	void theReferenceRetriesAJobWeClaimedAndWeFinishIt() {
		String id = this.jobs.enqueue(this.queue, Map.of("n", 1));
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();

		assertThat(this.reference.fail(id, job.claimToken(), job.attempts(), "flaky")).isEqualTo(1);
		assertThat(hash(id)).containsEntry("claimed_at_ms", "0").containsEntry("last_error", "flaky");
		ClaimedJob retried = this.worker.claim(this.queue, millis(200)).orElseThrow();
		assertThat(retried.attempts()).isEqualTo(2);
		assertThat(this.worker.complete(retried, 2)).isTrue();
	}

	private static Map<String, String> comparable(Map<String, String> hash, String token) {
		Map<String, String> copy = new HashMap<>(hash);
		assertThat(copy.remove("claim_token")).isEqualTo(token);
		copy.remove("id");
		return copy;
	}

}
