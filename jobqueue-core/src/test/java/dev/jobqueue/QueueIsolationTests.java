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
	void queuesHaveTheirOwnKeysAndSettings() {
		String other = this.queue + "-other";
		this.jobs = template((name) -> name.equals(other)
				? QueueSettings.defaults(name).withVisibilityTimeout(Duration.ofSeconds(60))
				: QueueSettings.defaults(name));
		String mine = this.jobs.enqueue(this.queue, 1);
		String theirs = this.jobs.enqueue(other, 2);
		this.jobs.claim(this.queue, millis(200)).orElseThrow();
		this.jobs.claim(other, millis(200)).orElseThrow();
		this.clock.advance(10_000);

		assertThat(this.jobs.reclaimStuck(this.queue).reclaimed()).containsExactly(mine);
		assertThat(this.jobs.reclaimStuck(other).isEmpty()).isTrue();
		assertThat(this.jobs.stats(other).processingDepth()).isOne();
		assertThat(this.jobs.stats(other).visibilityMs()).isEqualTo(60_000);
		assertThat(redis.lrange("queue:" + other + ":processing", 0, -1)).containsExactly(theirs);
	}

	@Test
	void purgeEscapesGlobCharactersAndDeletesOnlyItsQueue() {
		String weird = this.queue + "-we*ird[q]";
		String neighbour = this.queue + "-weXird[q]";
		String weirdId = this.jobs.enqueue(weird, 1);
		String neighbourId = this.jobs.enqueue(neighbour, 1);
		this.jobs.complete(this.jobs.claim(weird, millis(200)).orElseThrow(), 1);
		this.jobs.enqueue(weird, 2);

		long deleted = this.jobs.purge(weird);

		assertThat(deleted).isEqualTo(4);
		assertThat(redis.exists("queue:" + weird + ":job:" + weirdId)).isZero();
		assertThat(redis.exists("queue:" + neighbour + ":job:" + neighbourId)).isOne();
		assertThat(redis.llen("queue:" + neighbour + ":pending")).isOne();
		assertThat(this.jobs.stats(weird).enqueuedTotal()).isZero();
		assertThat(this.jobs.listJobIds(weird, JobState.PENDING, 10)).isEmpty();
	}

	@Test
	void lookUpAndListsReadWhatIsStored() {
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of("a", "b"));
		ClaimedJob job = this.jobs.claim(this.queue, millis(200)).orElseThrow();
		this.jobs.complete(job, List.of(1, 2));

		JobRecord record = this.jobs.getJob(this.queue, ids.get(0)).orElseThrow();
		assertThat(record.state()).isEqualTo(JobState.COMPLETED);
		assertThat(record.result()).isEqualTo("[1,2]");
		assertThat(record.payload()).isEqualTo("\"a\"");
		assertThat(record.enqueuedAt()).isNotNull();
		assertThat(record.fields()).containsKey("claim_token");
		assertThat(this.jobs.getJob(this.queue, "missing")).isEmpty();
		assertThat(this.jobs.listJobIds(this.queue, JobState.COMPLETED, 10)).containsExactly(ids.get(0));
		assertThat(this.jobs.listJobIds(this.queue, JobState.PENDING, 10)).containsExactly(ids.get(1));
		assertThat(this.jobs.listJobIds(this.queue, JobState.PROCESSING, 10)).isEmpty();
	}

}
