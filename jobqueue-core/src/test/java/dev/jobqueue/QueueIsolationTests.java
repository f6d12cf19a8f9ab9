package dev.jobqueue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named queues on one Redis stay apart, each with its own settings; purge deletes only
 * its own.
 */
class QueueIsolationTests extends AbstractRedisTests {

	@Test
	void purgeKeepsTheCountersSoMetersNeverGoBackwards() {
		this.jobs.enqueueAll(this.queue, List.of(1, 2, 3));
		this.worker.complete(this.worker.claimAvailable(this.queue, 1).get(0), "done");
		this.worker.fail(this.worker.claimAvailable(this.queue, 1).get(0), "bad", false);
		QueueCounters before = this.admin.counters(this.queue);

		this.admin.purge(this.queue);

		QueueCounters after = this.admin.counters(this.queue);
		assertThat(after).isEqualTo(before);
		assertThat(after.enqueued()).isEqualTo(3);
		assertThat(after.completed()).isOne();
		assertThat(after.failed()).isOne();
		assertThat(this.admin.stats(this.queue).enqueuedTotal()).isEqualTo(3);
	}

	@Test
	void queuesHaveTheirOwnKeysAndSettings() {
		String other = this.queue + "-other";
		use(template((name) -> name.equals(other)
				? QueueSettings.defaults(name).withVisibilityTimeout(Duration.ofSeconds(60))
				: QueueSettings.defaults(name)));
		String mine = this.jobs.enqueue(this.queue, 1);
		String theirs = this.jobs.enqueue(other, 2);
		this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.claim(other, millis(200)).orElseThrow();
		this.clock.advance(10_000);

		assertThat(this.admin.reclaimStuck(this.queue).reclaimed()).containsExactly(mine);
		assertThat(this.admin.reclaimStuck(other).isEmpty()).isTrue();
		assertThat(this.admin.stats(other).processingDepth()).isOne();
		assertThat(this.admin.stats(other).visibilityMs()).isEqualTo(60_000);
		assertThat(redis.lrange("queue:" + other + ":processing", 0, -1)).containsExactly(theirs);
	}

	@Test
	void purgeEscapesGlobCharactersAndDeletesOnlyItsQueue() {
		String weird = this.queue + "-we*ird[q]";
		String neighbour = this.queue + "-weXird[q]";
		String weirdId = this.jobs.enqueue(weird, 1);
		String neighbourId = this.jobs.enqueue(neighbour, 1);
		this.worker.complete(this.worker.claim(weird, millis(200)).orElseThrow(), 1);
		this.jobs.enqueue(weird, 2);

		long deleted = this.admin.purge(weird);

		// pending, completed, the two job hashes and the settings hash the claim
		// published
		assertThat(deleted).isEqualTo(5);
		assertThat(redis.exists("queue:" + weird + ":job:" + weirdId)).isZero();
		assertThat(redis.exists("queue:" + neighbour + ":job:" + neighbourId)).isOne();
		assertThat(redis.llen("queue:" + neighbour + ":pending")).isOne();
		// counters are monotonic: a purge deletes jobs, not what this process did
		assertThat(this.admin.stats(weird).enqueuedTotal()).isEqualTo(2);
		assertThat(this.admin.stats(weird).pendingDepth()).isZero();
		assertThat(this.admin.listJobIds(weird, JobState.PENDING, 10)).isEmpty();
	}

	@Test
	void lookUpAndListsReadWhatIsStored() {
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of("a", "b"));
		ClaimedJob job = this.worker.claim(this.queue, millis(200)).orElseThrow();
		this.worker.complete(job, List.of(1, 2));

		JobRecord record = this.jobs.getJob(this.queue, ids.get(0)).orElseThrow();
		assertThat(record.state()).isEqualTo(JobState.COMPLETED);
		assertThat(record.result()).isEqualTo("[1,2]");
		assertThat(record.payload()).isEqualTo("\"a\"");
		assertThat(record.enqueuedAt()).isNotNull();
		assertThat(record.fields()).containsKey("claim_token");
		assertThat(this.jobs.getJob(this.queue, "missing")).isEmpty();
		assertThat(this.admin.listJobIds(this.queue, JobState.COMPLETED, 10)).containsExactly(ids.get(0));
		assertThat(this.admin.listJobIds(this.queue, JobState.PENDING, 10)).containsExactly(ids.get(1));
		assertThat(this.admin.listJobIds(this.queue, JobState.PROCESSING, 10)).isEmpty();
	}

}
