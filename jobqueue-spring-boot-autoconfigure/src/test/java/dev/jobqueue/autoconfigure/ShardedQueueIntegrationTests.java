package dev.jobqueue.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.QueueShards;
import dev.jobqueue.QueueStats;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.boot.JobQueueCatalog;
import dev.jobqueue.worker.JobContext;
import dev.jobqueue.worker.JobQueueReclaimer;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code jobqueue.queues.<name>.shards} in a real application context on a real Redis:
 * one handler serves every sub-queue, the reclaimer sweeps each, and the admin answers
 * for the logical queue.
 */
class ShardedQueueIntegrationTests {

	private final String queue = TestRedis.uniqueQueue("sharded");

	private final RedisCommands<String, String> redis = TestRedis.commands();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, JacksonAutoConfiguration.class,
				JobQueueAutoConfiguration.class))
		.withPropertyValues(TestRedis.urlProperty(), "test.queue=" + this.queue, "jobqueue.worker.claim-timeout=200ms",
				"jobqueue.queues." + this.queue + ".shards=4");

	@Test
	void oneHandlerServesEverySubQueueAndTheAdminSumsThem() {
		this.contextRunner.withUserConfiguration(CountingHandler.class).run((context) -> {
			List<String> subs = QueueShards.subQueueNames(this.queue, 4);
			JobQueueCatalog catalog = context.getBean(JobQueueCatalog.class);
			assertThat(catalog.getContainers()).extracting((container) -> container.getQueue())
				.containsExactlyInAnyOrderElementsOf(subs);
			assertThat(catalog.getEnabledQueueNames()).containsExactlyInAnyOrderElementsOf(subs);
			assertThat(context.getBean(JobQueueReclaimer.class).getQueues()).containsExactlyInAnyOrderElementsOf(subs);
			JobQueueOperations producer = context.getBean(JobQueueOperations.class);
			List<Object> payloads = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				payloads.add(Map.of("n", i));
			}
			List<String> ids = producer.enqueueAll(this.queue, payloads);
			CountingHandler handler = context.getBean(CountingHandler.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> handler.runs.size() == 200);
			assertThat(handler.runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
			assertThat(Set.copyOf(handler.runs.values())).containsExactlyInAnyOrderElementsOf(subs);
			for (String sub : subs) {
				assertThat(this.redis.keys("queue:{" + sub + "}:job:*")).as(sub).isNotEmpty();
			}
			JobQueueAdmin admin = context.getBean(JobQueueAdmin.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> admin.stats(this.queue).completedTotal() == 200);
			QueueStats stats = admin.stats(this.queue);
			assertThat(stats.pendingDepth() + stats.processingDepth()).isZero();
			assertThat(producer.getJob(this.queue, ids.get(0)).orElseThrow().status()).isEqualTo("completed");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class CountingHandler {

		final Map<String, String> runs = new ConcurrentHashMap<>();

		@JobHandler("${test.queue}")
		void handle(Map<String, Object> payload, JobContext context) {
			this.runs.put(context.id(), context.queue());
		}

	}

}
