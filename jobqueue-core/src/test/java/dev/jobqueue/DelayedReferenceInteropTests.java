package dev.jobqueue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A delayed job, once promoted, is an ordinary pending job to the reference helper's
 * commands, and a reference retry of it needs nothing from this starter.
 */
class DelayedReferenceInteropTests extends AbstractRedisTests {

	@Test
	void aDelayedJobReachesAReferenceWorkerOnceDue() {
		ReferenceHelper reference = new ReferenceHelper(redis, this.keys, this.clock, 5000);
		String id = this.jobs.enqueue(this.queue, Map.of("kind", "email"), JobOptions.delay(Duration.ofSeconds(10)));
		assertThat(reference.claim(0.1)).as("not due yet").isNull();

		this.clock.advance(10_000);
		this.worker.promoteDueJobs(this.queue, 100);
		String[] claimed = reference.claim(0.5);

		assertThat(claimed[0]).isEqualTo(id);
		assertThat(claimed[2]).isEqualTo("1");
		assertThat(reference.complete(id, claimed[1], "{\"worker\":\"node\"}")).isTrue();
		assertThat(hash(id)).containsEntry("status", "completed")
			.containsEntry("payload", "{\"kind\":\"email\"}")
			.containsEntry("run_at_ms", String.valueOf(T0 + 10_000));
		assertThat(list(this.keys.completed())).containsExactly(id);
	}

	@Test
	void aReferenceRetryOfAPromotedJobGoesToPendingAsUsual() {
		ReferenceHelper reference = new ReferenceHelper(redis, this.keys, this.clock, 5000);
		String id = this.jobs.enqueue(this.queue, 1, JobOptions.delay(Duration.ofMillis(1)));
		this.clock.advance(1);
		this.worker.promoteDueJobs(this.queue, 100);
		String[] claimed = reference.claim(0.5);

		assertThat(reference.fail(id, claimed[1], 1, "boom")).isOne();

		assertThat(list(this.keys.pending())).containsExactly(id);
		assertThat(this.worker.claimAvailable(this.queue, 1).get(0).attempts()).isEqualTo(2);
	}

}
