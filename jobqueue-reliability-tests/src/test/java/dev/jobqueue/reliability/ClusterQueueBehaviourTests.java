package dev.jobqueue.reliability;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import dev.jobqueue.JobQueueException;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.launcher.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The queue behaviours on a three-primary Redis Cluster, connected with
 * {@code spring.data.redis.cluster.nodes}, with the hash-tagged key layout
 * ({@code queue:{name}:...}) that keeps every key of a queue in one slot.
 */
class ClusterQueueBehaviourTests extends AbstractQueueBehaviourTests {

	static ClusterTopology cluster;

	static BootRedisContext context;

	@BeforeAll
	static void startCluster() {
		cluster = ClusterTopology.start();
		context = BootRedisContext.start("spring.data.redis.cluster.nodes=" + cluster.nodeAddresses());
	}

	@AfterAll
	static void stopCluster() {
		if (context != null) {
			context.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Override
	StringRedisTemplate redis() {
		return context.redisTemplate();
	}

	@Override
	QueueSettings layout(QueueSettings settings) {
		return settings.withKeys(QueueSettings.DEFAULT_KEY_PREFIX, true);
	}

	@Override
	long blockedClients() {
		return RedisInfo.field(cluster.info(cluster.nodeFor(this.keys.pending()), "clients"), "blocked_clients");
	}

	@Test
	void everyKeyOfAQueueLivesOnTheNodeOfItsSlot() {
		List<String> ids = this.jobs.template().enqueueAll(this.queue, List.of(1, 2, 3));
		this.jobs.workerProtocol().complete(this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0), "done");
		this.jobs.workerProtocol().fail(this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0), "no", false);
		RedisServerProcess home = cluster.nodeFor(this.keys.pending());

		List<String> onHome = cluster.keys(home, "queue:{" + this.queue + "}:*");

		assertThat(onHome).contains(this.keys.pending(), this.keys.completed(), this.keys.failed());
		assertThat(onHome).contains(ids.stream().map(this.keys::job).toArray(String[]::new));
		for (RedisServerProcess node : cluster.nodes()) {
			if (node != home) {
				assertThat(cluster.keys(node, "queue:{" + this.queue + "}:*")).isEmpty();
			}
		}
	}

	@Test
	void differentQueuesSpreadOverTheNodes() {
		Set<RedisServerProcess> homes = new HashSet<>();
		IntStream.range(0, 30)
			.forEach((i) -> homes.add(cluster
				.nodeFor(QueueSettings.defaults(this.queue + "-" + i).withKeys("queue", true).keys().pending())));

		assertThat(homes).hasSize(3);
	}

	@Test
	void theReferenceLayoutWithoutHashTagsIsRefusedByTheClusterWithCrossSlot() {
		JobQueueClients untagged = JobQueueClients.builder(redis()).build();
		try {
			assertThat(new QueueKeys("queue", this.queue, false).pending())
				.isEqualTo("queue:" + this.queue + ":pending");
			assertThatExceptionOfType(JobQueueException.class)
				.isThrownBy(() -> untagged.template().enqueue(this.queue, 1))
				.withMessageContaining("CROSSSLOT");
		}
		finally {
			untagged.destroy();
		}
	}

}
