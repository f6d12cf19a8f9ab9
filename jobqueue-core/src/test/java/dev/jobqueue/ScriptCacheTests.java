package dev.jobqueue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Scripts survive a flushed script cache: EVALSHA's NOSCRIPT falls back to EVAL.
 */
class ScriptCacheTests extends AbstractRedisTests {

	@Test
	void everyFlowWorksAfterScriptFlush() {
		org.junit.jupiter.api.Assumptions.assumeTrue(server.owned(), "SCRIPT FLUSH only on a Redis the tests own");
		this.jobs.enqueue(this.queue, Map.of("warm", true));
		this.worker.claim(this.queue, millis(200)).orElseThrow();

		redis.scriptFlush();
		String id = this.jobs.enqueue(this.queue, Map.of("after", "flush"));
		redis.scriptFlush();
		ClaimedJob job = this.worker.claimAvailable(this.queue, 1).get(0);
		redis.scriptFlush();
		assertThat(this.worker.complete(job, "ok")).isTrue();
		redis.scriptFlush();
		assertThat(this.admin.reclaimStuck(this.queue).isEmpty()).isTrue();
		redis.scriptFlush();
		assertThat(this.admin.stats(this.queue).completedDepth()).isOne();

		assertThat(hash(id)).containsEntry("status", "completed");
	}

	@Test
	void durableEnqueueLoadsItsScriptAfterScriptFlush() {
		org.junit.jupiter.api.Assumptions.assumeTrue(server.owned(), "SCRIPT FLUSH only on a Redis the tests own");
		// no replica is attached: WAIT 1 reports 0 replicas, after the script has run
		use(JobQueueClients.builder(redisTemplate).clock(this.clock).enqueueReplicas(1, millis(1)).build());
		redis.scriptFlush();

		assertThatExceptionOfType(JobQueueException.class).isThrownBy(() -> this.jobs.enqueue(this.queue, 1))
			.withMessageContaining("acknowledged by 0 of 1 replicas");

		assertThat(list(this.keys.pending())).hasSize(1);
	}

}
