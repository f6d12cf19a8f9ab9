package dev.jobqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recurring schedule's tick, an operator's trigger of it and a delayed job run now are
 * ordinary pending jobs to the reference helper's commands: the reference's fields plus
 * the schedule's or the due time's, which it ignores.
 */
class ScheduleReferenceInteropTests extends AbstractRedisTests {

	@Test
	void aTriggeredScheduleJobReachesAReferenceWorkerAndLeavesTheTicksAlone() {
		ReferenceHelper reference = new ReferenceHelper(redis, this.keys, this.clock, 5000);
		assertThat(this.jobs.enqueueScheduleTick(this.queue, "nightly", Instant.ofEpochMilli(T0 - 1000),
				"{\"kind\":\"nightly\"}"))
			.isTrue();
		String tick = reference.claim(0.5)[0];
		String id = this.jobs.enqueueScheduleNow(this.queue, "nightly", "{\"kind\":\"nightly\"}");
		String[] claimed = reference.claim(0.5);

		assertThat(claimed[0]).isEqualTo(id).isNotEqualTo(tick);
		assertThat(reference.complete(id, claimed[1], "{\"worker\":\"node\"}")).isTrue();
		assertThat(hash(id)).containsEntry("status", "completed")
			.containsEntry("payload", "{\"kind\":\"nightly\"}")
			.containsEntry("schedule", "nightly")
			.containsEntry("scheduled_at_ms", String.valueOf(T0));
		assertThat(redis.hget(this.keys.schedule("nightly"), "last_tick_ms")).as("a trigger is no tick")
			.isEqualTo(String.valueOf(T0 - 1000));
		assertThat(this.jobs.enqueueScheduleTick(this.queue, "nightly", Instant.ofEpochMilli(T0 + 1000), "{}"))
			.as("the next tick still enqueues")
			.isTrue();
	}

	@Test
	void aDelayedJobRunNowReachesAReferenceWorker() {
		ReferenceHelper reference = new ReferenceHelper(redis, this.keys, this.clock, 5000);
		String id = this.jobs.enqueue(this.queue, Map.of("kind", "email"), JobOptions.delay(Duration.ofHours(1)));
		assertThat(reference.claim(0.1)).as("not due").isNull();

		assertThat(this.admin.runNow(this.queue, id)).isTrue();
		String[] claimed = reference.claim(0.5);

		assertThat(claimed[0]).isEqualTo(id);
		assertThat(reference.complete(id, claimed[1], "{}")).isTrue();
		assertThat(hash(id)).containsEntry("status", "completed");
		assertThat(redis.zcard(this.keys.delayed())).isZero();
	}

}
