package dev.jobqueue;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lifecycle features next to the reference helper's commands on the same queue: its
 * workers complete waited-for jobs, its late outcome of a cancelled job is refused, and a
 * plain job keeps the reference's hash through a wait.
 */
class LifecycleReferenceInteropTests extends AbstractRedisTests {

	private ReferenceHelper reference;

	@BeforeEach
	void reference() {
		this.reference = new ReferenceHelper(redis, this.keys, this.clock, 5000);
	}

	@Test
	void aReferenceWorkerCompletesAJobWeWaitFor() throws Exception {
		JobResultFuture<Map<String, Object>> future = this.jobs.enqueueAndWait(this.queue, Map.of("n", 1),
				JobOptions.none(), Map.class, java.time.Duration.ofSeconds(30));

		String[] claimed = this.reference.claim(0.5);
		assertThat(claimed[0]).isEqualTo(future.getJobId());
		assertThat(this.reference.complete(claimed[0], claimed[1], "{\"ok\":true}")).isTrue();
		// the reference client publishes the event after its script
		redis.publish(this.keys.events(), "{\"id\":\"" + claimed[0] + "\",\"status\":\"completed\"}");

		assertThat(future.get(30, TimeUnit.SECONDS)).containsEntry("ok", true);
	}

	@Test
	void weAwaitAJobTheReferenceEnqueued() throws Exception {
		String id = this.reference.enqueue("{\"n\":2}");
		JobResultFuture<Integer> future = this.jobs.awaitJob(this.queue, id, Integer.class,
				java.time.Duration.ofSeconds(30));

		this.worker.complete(this.worker.claimAvailable(this.queue, 1).get(0), 4);

		assertThat(future.get(30, TimeUnit.SECONDS)).isEqualTo(4);
	}

	@Test
	void aReferenceWorkersLateCompletionOfACancelledJobIsRefused() {
		String id = this.jobs.enqueue(this.queue, "x");
		String[] claimed = this.reference.claim(0.5);

		assertThat(this.jobs.cancel(this.queue, id).outcome()).isEqualTo(JobCancellation.Outcome.CANCELLED_RUNNING);

		assertThat(this.reference.complete(claimed[0], claimed[1], "\"late\"")).isFalse();
		assertThat(hash(id)).containsEntry("status", "cancelled").doesNotContainKey("result");
		assertThat(list(this.keys.completed())).isEmpty();
	}

	@Test
	void aReferenceWorkerStillRunsTheQueuesOtherJobsAfterACancel() {
		String cancelled = this.jobs.enqueue(this.queue, "a");
		String kept = this.jobs.enqueue(this.queue, "b");
		this.jobs.cancel(this.queue, cancelled);

		String[] claimed = this.reference.claim(0.5);
		assertThat(claimed[0]).isEqualTo(kept);
		assertThat(this.reference.complete(claimed[0], claimed[1], "1")).isTrue();
		assertThat(this.reference.claim(0.1)).isNull();
	}

	@Test
	void waitingOnAJobThatFailedAtTheReferenceEndsWithItsError() {
		JobResultFuture<Object> future = this.jobs.enqueueAndWait(this.queue, "x", Object.class,
				java.time.Duration.ofSeconds(30));
		String[] claimed = this.reference.claim(0.5);
		this.reference.fail(claimed[0], claimed[1], 3, "Error: gave up");
		redis.publish(this.keys.events(), "{\"id\":\"" + claimed[0] + "\",\"status\":\"failed\"}");

		assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).cause()
			.isInstanceOf(JobFailedException.class)
			.hasMessageContaining("Error: gave up");
	}

}
