package dev.jobqueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.jobqueue.config.QueueConfig;
import dev.jobqueue.config.QueueSettingsResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sharded queue on one Redis: the template spreads jobs over the sub-queues by id and
 * finds them again by id, the admin answers for the logical queue, and a reference helper
 * serves one sub-queue by its name.
 */
class ShardedQueueTests extends AbstractRedisTests {

	private QueueSettingsResolver resolver;

	@BeforeEach
	void sharded() {
		this.resolver = new QueueSettingsResolver(QueueConfig.EMPTY, Map.of(), Map.of(this.queue, 3));
		use(JobQueueClients.builder(redisTemplate)
			.settings(this.resolver::getQueueSettings)
			.shards(this.resolver.getQueueShards())
			.clock(this.clock)
			.build());
	}

	private List<String> subQueues() {
		return this.resolver.getQueueShards().subQueues(this.queue);
	}

	@Test
	void enqueueSpreadsOverHashTaggedSubQueuesAndLookupsFindEveryJob() {
		List<Object> payloads = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			payloads.add(Map.of("n", i));
		}
		List<String> ids = this.jobs.enqueueAll(this.queue, payloads);
		assertThat(ids).hasSize(300).doesNotHaveDuplicates();
		long total = 0;
		for (String sub : subQueues()) {
			QueueKeys keys = this.resolver.getQueueSettings(sub).keys();
			assertThat(keys.pending()).isEqualTo("queue:{" + sub + "}:pending");
			long depth = redis.llen(keys.pending());
			assertThat(depth).as(sub).isBetween(50L, 150L);
			total += depth;
		}
		assertThat(total).isEqualTo(300);
		assertThat(redis.exists("queue:" + this.queue + ":pending")).isZero();
		for (int i = 0; i < ids.size(); i++) {
			Optional<JobRecord> job = this.jobs.getJob(this.queue, ids.get(i));
			assertThat(job).as(ids.get(i)).isPresent();
			assertThat(job.get().payload()).isEqualTo("{\"n\":" + i + "}");
		}
		QueueStats stats = this.admin.stats(this.queue);
		assertThat(stats.pendingDepth()).isEqualTo(300);
		assertThat(stats.enqueuedTotal()).isEqualTo(300);
		assertThat(this.admin.listJobIds(this.queue, JobState.PENDING, 1000)).containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void callerIdsAndCancelRouteByTheId() {
		assertThat(this.jobs.enqueueIfAbsent(this.queue, "order-42", Map.of("a", 1))).isTrue();
		assertThat(this.jobs.enqueueIfAbsent(this.queue, "order-42", Map.of("a", 2))).isFalse();
		String sub = this.resolver.getQueueShards().route(this.queue, "order-42");
		assertThat(redis.lrange(this.resolver.getQueueSettings(sub).keys().pending(), 0, -1))
			.containsExactly("order-42");
		assertThat(this.jobs.getJob(this.queue, "order-42")).isPresent();
		assertThat(this.jobs.cancel(this.queue, "order-42").outcome()).isEqualTo(JobCancellation.Outcome.CANCELLED);
		assertThat(this.jobs.cancel(this.queue, "missing").outcome()).isEqualTo(JobCancellation.Outcome.NOT_FOUND);
	}

	@Test
	void workersOfEverySubQueueDrainTheLogicalQueueAndAWaitSeesTheResult() throws Exception {
		JobResultFuture<Integer> future = this.jobs.enqueueAndWait(this.queue, Map.of("x", 1), Integer.class,
				Duration.ofSeconds(10));
		List<String> ids = new ArrayList<>(this.jobs.enqueueAll(this.queue, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9)));
		Set<String> done = new HashSet<>();
		for (String sub : subQueues()) {
			for (ClaimedJob job : this.worker.claimAvailable(sub, 100)) {
				assertThat(job.queue()).isEqualTo(sub);
				assertThat(this.worker.complete(job, 7)).isTrue();
				done.add(job.id());
			}
		}
		assertThat(done).hasSize(10).containsAll(ids);
		assertThat(future.get()).isEqualTo(7);
		QueueStats stats = this.admin.stats(this.queue);
		assertThat(stats.pendingDepth()).isZero();
		assertThat(stats.completedTotal()).isEqualTo(10);
		assertThat(this.admin.counters(this.queue).completed()).isEqualTo(10);
	}

	@Test
	void reclaimSweepsEverySubQueue() {
		this.jobs.enqueueAll(this.queue, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
		int claimed = 0;
		for (String sub : subQueues()) {
			claimed += this.worker.claimAvailable(sub, 100).size();
		}
		assertThat(claimed).isEqualTo(12);
		this.clock.advance(QueueSettings.DEFAULT_VISIBILITY_TIMEOUT.plusSeconds(1));
		ReclaimResult result = this.admin.reclaimStuck(this.queue);
		assertThat(result.queue()).isEqualTo(this.queue);
		assertThat(result.reclaimed()).hasSize(12);
		assertThat(this.admin.stats(this.queue).pendingDepth()).isEqualTo(12);
		assertThat(this.admin.purge(this.queue)).isPositive();
		assertThat(this.admin.stats(this.queue).pendingDepth()).isZero();
	}

	@Test
	void aReferenceHelperServesOneSubQueueByItsName() {
		String sub = subQueues().get(1);
		// the reference helper has no hash tags: it is given the name with the braces
		QueueKeys reference = new QueueKeys("queue", "{" + sub + "}", false);
		assertThat(reference.lists()).isEqualTo(this.resolver.getQueueSettings(sub).keys().lists());
		ReferenceHelper helper = new ReferenceHelper(redis, reference, this.clock, 5000);
		List<String> ids = this.jobs.enqueueAll(this.queue, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
		List<String> mine = ids.stream()
			.filter((id) -> this.resolver.getQueueShards().route(this.queue, id).equals(sub))
			.toList();
		assertThat(mine).isNotEmpty();
		List<String> served = new ArrayList<>();
		String[] claimed;
		while ((claimed = helper.claim(0.1)) != null) {
			assertThat(helper.complete(claimed[0], claimed[1], "{\"ok\":true}")).isTrue();
			served.add(claimed[0]);
		}
		assertThat(served).containsExactlyInAnyOrderElementsOf(mine);
		for (String id : mine) {
			assertThat(this.jobs.getJob(this.queue, id).get().status()).isEqualTo("completed");
		}
		String jobFromHelper = helper.enqueue("{\"from\":\"reference\"}");
		assertThat(this.worker.claimAvailable(sub, 100)).extracting(ClaimedJob::id).contains(jobFromHelper);
	}

}
