package dev.jobqueue.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.QueueShards;
import dev.jobqueue.QueueStats;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.launcher.RedisServerProcess;
import dev.jobqueue.worker.JobContext;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sharded queue ({@code jobqueue.queues.<name>.shards=3}) on a real Redis Cluster of
 * three primaries with one replica each, worked by the starter's {@code @JobHandler}
 * containers: the sub-queues land on the three primaries, a drain runs every job exactly
 * once and the Redis-side work (commands, CPU) spreads over the primaries; a primary
 * killed mid-drain fails over to its replica, and the ledger counts the jobs lost and run
 * twice.
 */
class ShardedClusterTests {

	static final int SHARDS = 3;

	static final Duration VISIBILITY = Duration.ofSeconds(3);

	@Test
	void aShardedQueueSpreadsOverThePrimariesAndADrainRunsEveryJobOnce() {
		String queue = "hot-" + ProcessHandle.current().pid();
		int jobs = 9000;
		try (ClusterTopology cluster = ClusterTopology.startWithReplicas(5000);
				StarterApp app = start(cluster, queue, 0)) {
			List<String> subs = QueueShards.subQueueNames(queue, SHARDS);
			Map<String, RedisServerProcess> homes = new LinkedHashMap<>();
			subs.forEach((sub) -> homes.put(sub, cluster.nodeFor("queue:{" + sub + "}:pending")));
			assertThat(Set.copyOf(homes.values())).as("one sub-queue per primary").hasSize(SHARDS);
			RecordingHandler handler = app.bean(RecordingHandler.class);
			Map<RedisServerProcess, ShardLoad> before = loads(cluster, homes.values());
			long started = System.nanoTime();
			JobQueueOperations producer = app.operations();
			List<String> ids = new ArrayList<>();
			for (int from = 0; from < jobs; from += 300) {
				List<Integer> payloads = new ArrayList<>();
				for (int i = from; i < from + 300; i++) {
					payloads.add(i);
				}
				ids.addAll(producer.enqueueAll(queue, payloads));
			}
			await("every job ran").atMost(Duration.ofSeconds(300))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> handler.executions.size() >= jobs);
			await("the logical queue is empty").atMost(Duration.ofSeconds(60)).until(() -> {
				QueueStats stats = app.admin().stats(queue);
				return stats.pendingDepth() == 0 && stats.processingDepth() == 0 && stats.completedTotal() == jobs;
			});
			double seconds = (System.nanoTime() - started) / 1e9;
			Map<RedisServerProcess, ShardLoad> after = loads(cluster, homes.values());

			Map<String, Integer> perSub = new HashMap<>();
			handler.executions.values().forEach((runs) -> runs.forEach((sub) -> perSub.merge(sub, 1, Integer::sum)));
			StringBuilder line = new StringBuilder();
			long totalCommands = 0;
			for (RedisServerProcess node : homes.values()) {
				totalCommands += after.get(node).commands() - before.get(node).commands();
			}
			for (String sub : subs) {
				RedisServerProcess node = homes.get(sub);
				ShardLoad delta = after.get(node).minus(before.get(node));
				line.append(String.format(" | primary :%d sub-queue %s jobs=%d commands=%d (%.0f%%) cpu=%.2fs",
						node.port(), sub, perSub.getOrDefault(sub, 0), delta.commands(),
						100.0 * delta.commands() / totalCommands, delta.cpuSeconds()));
				assertThat(perSub.getOrDefault(sub, 0)).as("jobs of " + sub)
					.isBetween(jobs / SHARDS * 8 / 10, jobs / SHARDS * 12 / 10);
				assertThat(delta.commands()).as("commands on the primary of " + sub)
					.isGreaterThan(totalCommands / SHARDS * 7 / 10);
				assertThat(delta.cpuSeconds()).as("CPU of the primary of " + sub).isPositive();
			}
			System.out
				.printf("CLUSTER SHARDS: %d jobs enqueued and drained over %d sub-queues in %.1f s (%.0f jobs/s), "
						+ "load average %s%s%n", jobs, SHARDS, seconds, jobs / seconds, loadAverage(), line);

			assertThat(handler.executions.keySet()).containsExactlyInAnyOrderElementsOf(ids);
			assertThat(handler.executions.values()).as("every job ran exactly once")
				.allMatch((runs) -> runs.size() == 1);
			for (String id : ids) {
				JobRecord job = producer.getJob(queue, id).orElseThrow();
				assertThat(job.status()).as(id).isEqualTo("completed");
				assertThat(job.queue()).isEqualTo(handler.executions.get(id).get(0));
			}
		}
	}

	@Test
	void aPrimaryKilledMidDrainFailsOverAndTheLedgerCountsLostAndDuplicatedJobs() {
		String queue = "failover-" + ProcessHandle.current().pid();
		try (ClusterTopology cluster = ClusterTopology.startWithReplicas(2000);
				StarterApp app = start(cluster, queue, 5)) {
			List<String> subs = QueueShards.subQueueNames(queue, SHARDS);
			String victimSub = subs.get(0);
			RedisServerProcess victim = cluster.nodeFor("queue:{" + victimSub + "}:pending");
			RedisServerProcess replica = cluster.replicaOf(victim);
			RecordingHandler handler = app.bean(RecordingHandler.class);
			JobQueueOperations operations = app.operations();
			SteadyProducer producer = new SteadyProducer(queue + "-producer", 20, Duration.ofMillis(50),
					(payloads) -> operations.enqueueAll(queue, payloads));
			try {
				await("warm-up").atMost(Duration.ofSeconds(120)).until(() -> handler.executions.size() >= 600);
				long kill = System.nanoTime();
				victim.kill();
				await("replica promoted").atMost(Duration.ofSeconds(90))
					.pollInterval(Duration.ofMillis(50))
					.ignoreExceptions()
					.until(() -> cluster.info(replica, "replication").contains("role:master") && cluster.isOk());
				long promoted = System.nanoTime();
				Map<String, Integer> duringOutage = handler.ranBetween(kill, promoted);
				await("the failed-over sub-queue and the producer work again").atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> handler.ranBetween(promoted, System.nanoTime()).getOrDefault(victimSub, 0) > 0
							&& producer.acknowledgedSince(promoted));
				double recovered = (System.nanoTime() - kill) / 1e9;
				InProcessWorkers.sleep(2000);
				producer.close();
				await("logical queue drained").atMost(Duration.ofSeconds(180))
					.pollInterval(Duration.ofMillis(200))
					.ignoreExceptions()
					.until(() -> {
						QueueStats stats = app.admin().stats(queue);
						return stats.pendingDepth() == 0 && stats.processingDepth() == 0 && stats.delayedDepth() == 0;
					});
				List<String> acknowledged = producer.acknowledged();
				Map<String, String> statuses = new LinkedHashMap<>();
				for (String id : acknowledged) {
					statuses.put(id, operations.getJob(queue, id).map(JobRecord::status).orElse("missing"));
				}
				JobLedger ledger = new JobLedger(statuses, 0, handler.executions);
				List<String> missing = ledger.notCompleted()
					.stream()
					.filter((id) -> "missing".equals(statuses.get(id)))
					.toList();
				List<String> notCompleted = ledger.notCompleted()
					.stream()
					.filter((id) -> !missing.contains(id))
					.toList();
				List<String> missingNeverRan = missing.stream()
					.filter((id) -> !handler.executions.containsKey(id))
					.toList();
				QueueShards shards = new QueueShards((name) -> name.equals(queue) ? SHARDS : 1);
				System.out.printf("RELIABILITY: sharded queue on a cluster, primary of %s SIGKILLed mid-drain: "
						+ "jobs acknowledged=%d lost (enqueue never replicated)=%d of which never ran=%d, "
						+ "known but not completed=%d, run twice=%d; replica promoted %.2f s, failed-over sub-queue and "
						+ "producer working again %.2f s after the kill; jobs run on each sub-queue while its "
						+ "primary was down %s; enqueue batches refused=%d; load average %s%n", victimSub,
						acknowledged.size(), missing.size(), missingNeverRan.size(), notCompleted.size(),
						ledger.duplicates(), (promoted - kill) / 1e9, recovered, duringOutage, producer.failedBatches(),
						loadAverage());

				assertThat(notCompleted).as("acknowledged jobs the cluster knows that did not complete").isEmpty();
				assertThat(missing).as("only the killed primary's sub-queue can lose enqueues")
					.allMatch((id) -> shards.route(queue, id).equals(victimSub));
				assertThat(missing).as("enqueues acknowledged but never replicated").hasSizeLessThanOrEqualTo(200);
				assertThat(ledger.duplicated().keySet()).as("only jobs of the killed primary run twice")
					.allMatch((id) -> shards.route(queue, id).equals(victimSub));
			}
			finally {
				producer.close();
			}
		}
	}

	private static StarterApp start(ClusterTopology cluster, String queue, long workMillis) {
		StarterApp app = StarterApp.start(List.of(RecordingHandler.class),
				"spring.data.redis.cluster.nodes=" + cluster.nodeAddresses(), "spring.data.redis.timeout=2s",
				"spring.data.redis.lettuce.cluster.refresh.adaptive=true",
				"spring.data.redis.lettuce.cluster.refresh.period=1s", "test.queue=" + queue,
				"test.work-millis=" + workMillis, "jobqueue.cluster-hash-tag=true",
				"jobqueue.queues." + queue + ".shards=" + SHARDS, "jobqueue.queues." + queue + ".worker.concurrency=4",
				"jobqueue.queues." + queue + ".visibility-timeout=" + VISIBILITY.toMillis() + "ms",
				"jobqueue.queues." + queue + ".finished-ttl=1h", "jobqueue.worker.claim-timeout=500ms",
				"jobqueue.reclaimer.interval=500ms");
		return app;
	}

	private static Map<RedisServerProcess, ShardLoad> loads(ClusterTopology cluster,
			Iterable<RedisServerProcess> nodes) {
		Map<RedisServerProcess, ShardLoad> loads = new HashMap<>();
		for (RedisServerProcess node : nodes) {
			loads.put(node, ShardLoad.read(cluster, node));
		}
		return loads;
	}

	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/**
	 * What one primary did: commands run ({@code INFO commandstats}, summed) and CPU
	 * ({@code used_cpu_user + used_cpu_sys}).
	 */
	record ShardLoad(long commands, double cpuSeconds) {

		static ShardLoad read(ClusterTopology cluster, RedisServerProcess node) {
			long commands = 0;
			for (String line : cluster.info(node, "commandstats").split("\r?\n")) {
				int calls = line.indexOf("calls=");
				if (line.startsWith("cmdstat_") && calls > 0) {
					int end = line.indexOf(',', calls);
					commands += Long.parseLong(line.substring(calls + 6, end));
				}
			}
			double cpu = 0;
			for (String line : cluster.info(node, "cpu").split("\r?\n")) {
				if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
					cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
				}
			}
			return new ShardLoad(commands, cpu);
		}

		ShardLoad minus(ShardLoad earlier) {
			return new ShardLoad(this.commands - earlier.commands, this.cpuSeconds - earlier.cpuSeconds);
		}

	}

	/**
	 * Records each execution of the queue's jobs: the sub-queue it ran on, per job id,
	 * and when, per sub-queue.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RecordingHandler {

		final Map<String, List<String>> executions = new ConcurrentHashMap<>();

		final Map<String, Collection<Long>> runTimes = new ConcurrentHashMap<>();

		@org.springframework.beans.factory.annotation.Value("${test.work-millis}")
		long workMillis;

		@JobHandler("${test.queue}")
		void handle(JsonNode payload, JobContext context) throws InterruptedException {
			this.executions.computeIfAbsent(context.id(), (id) -> new CopyOnWriteArrayList<>()).add(context.queue());
			if (this.workMillis > 0) {
				Thread.sleep(this.workMillis);
			}
			this.runTimes.computeIfAbsent(context.queue(), (sub) -> new ConcurrentLinkedQueue<>())
				.add(System.nanoTime());
		}

		Map<String, Integer> ranBetween(long from, long to) {
			Map<String, Integer> counts = new java.util.TreeMap<>();
			this.runTimes.forEach((sub, times) -> counts.put(sub,
					(int) times.stream().filter((t) -> t - from > 0 && to - t >= 0).count()));
			return counts;
		}

	}

}
