package dev.jobqueue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reference producers and workers on a queue that uses priorities, groups and limits: the
 * normal level is the reference's pending list, jobs of other levels and groups wait
 * where reference workers do not look, and the limits bind only jobqueue workers.
 */
class FlowReferenceInteropTests extends AbstractRedisTests {

	private ReferenceHelper reference;

	@BeforeEach
	void reference() {
		this.reference = new ReferenceHelper(redis, this.keys, this.clock, 5000);
	}

	@Test
	void aReferenceJobWaitsBehindOurHighJobsAndIsCompletedByUs() {
		String referenceJob = this.reference.enqueue("{\"from\":\"node\"}");
		String high = this.jobs.enqueue(this.queue, Map.of("from", "java"), JobOptions.priority(JobOptions.HIGH));

		List<ClaimedJob> claimed = this.worker.claimAvailable(this.queue, 2);

		assertThat(claimed).extracting(ClaimedJob::id).containsExactly(high, referenceJob);
		assertThat(this.worker.complete(claimed.get(1), "done")).isTrue();
		assertThat(hash(referenceJob)).containsEntry("status", "completed").doesNotContainKey("priority");
	}

	@Test
	void aReferenceWorkerTakesOnlyTheNormalLevelAndFinishesOurPlainJobs() {
		String low = this.jobs.enqueue(this.queue, 1, JobOptions.priority(JobOptions.LOW));
		String grouped = this.jobs.enqueue(this.queue, 2, JobOptions.group("tenant"));
		String plain = this.jobs.enqueue(this.queue, 3);

		String[] claimed = this.reference.claim(0.2);
		assertThat(claimed[0]).isEqualTo(plain);
		assertThat(this.reference.claim(0.2)).isNull();
		assertThat(this.reference.complete(plain, claimed[1], "{\"worker\":\"node\"}")).isTrue();

		assertThat(this.worker.claimAvailable(this.queue, 2)).extracting(ClaimedJob::id).containsExactly(grouped, low);
	}

	@Test
	void aReferenceRetryOfAJobOfAnotherLevelGoesToPendingAndWeStillClaimIt() {
		String high = this.jobs.enqueue(this.queue, 1, JobOptions.priority(JobOptions.HIGH));
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);

		// the reference's fail flow knows only pending
		assertThat(this.reference.fail(high, job.claimToken(), 1, "boom")).isOne();

		assertThat(list(this.keys.pending())).containsExactly(high);
		assertThat(this.worker.claimAvailable(this.queue, 1)).extracting(ClaimedJob::id).containsExactly(high);
	}

	@Test
	void aPauseAndTheLimitsDoNotBindAReferenceWorker() {
		this.admin.pause(this.queue);
		String id = this.jobs.enqueue(this.queue, 1);

		assertThat(this.worker.claimAvailable(this.queue, 1)).isEmpty();
		String[] claimed = this.reference.claim(0.2);
		assertThat(claimed[0]).isEqualTo(id);
		assertThat(this.reference.complete(id, claimed[1], "{}")).isTrue();
	}

	@Test
	void ourSweepReturnsAReferenceClaimToPending() {
		this.reference.enqueue("{\"n\":1}");
		String[] claimed = this.reference.claim(0.2);
		this.clock.advance(6000);

		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(claimed[0]);
		assertThat(list(this.keys.pending())).containsExactly(claimed[0]);
		assertThat(hash(claimed[0])).doesNotContainKeys("priority", "group");
	}

}
