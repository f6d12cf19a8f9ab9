package dev.jobqueue;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@link QueueContexts}: read paths, which an actuator or dashboard caller can
 * drive with any name, never grow the per-queue cache.
 */
class QueueContextsTests extends AbstractRedisTests {

	@Test
	void readingManyUnknownQueuesKeepsNothingInTheCache() {
		QueueContexts queues = new QueueContexts(QueueSettings::defaults);
		ScriptRunner runner = new ScriptRunner(redisTemplate, new JobQueueScripts(), this.clock);
		JobQueueAdmin admin = new DefaultJobQueueAdmin(runner, queues);
		JacksonJobPayloadConverter converter = new JacksonJobPayloadConverter();
		JobQueueTemplate template = new JobQueueTemplate(runner, queues, converter, null,
				new JobWaits(runner, converter, new JobEventSubscriber(connectionFactory)));
		template.enqueue(this.queue, 1);
		assertThat(queues.size()).isOne();

		for (int i = 0; i < 2000; i++) {
			String unknown = this.queue + "-unknown-" + i;
			admin.stats(unknown);
			admin.counters(unknown);
			admin.settings(unknown);
			admin.listJobIds(unknown, JobState.FAILED, 10);
			admin.retry(unknown, "ffffffffffffffff");
			admin.delete(unknown, "ffffffffffffffff");
			admin.reclaimStuck(unknown);
			template.getJob(unknown, "ffffffffffffffff");
		}

		assertThat(queues.size()).as("queues kept").isOne();
		assertThat(admin.stats(this.queue).enqueuedTotal()).isOne();
		assertThat(admin.listJobIds(this.queue, JobState.PENDING, 10)).hasSize(1);
		assertThat(List.of(admin.counters(this.queue).enqueued())).containsExactly(1L);
	}

}
