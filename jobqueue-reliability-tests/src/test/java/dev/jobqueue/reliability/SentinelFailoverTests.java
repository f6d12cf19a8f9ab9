package dev.jobqueue.reliability;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.QueueStats;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 4: the primary behind Sentinel is killed (SIGKILL) while workers, a sweeper
 * and a producer run; the application connects through
 * {@code spring.data.redis.sentinel.*} only. Replication is asynchronous, so writes the
 * primary acknowledged but had not yet sent to the replica can be lost: the kill test
 * counts the plain enqueues lost that way and requires every other job to complete (a
 * lost claim or complete only makes a job run again); an enqueue is only safe when it
 * waits for a replica ({@code jobqueue.producer.wait-for-replicas}), which the
 * split-brain test shows.
 */
class SentinelFailoverTests {

	static final Duration VISIBILITY = Duration.ofSeconds(2);

	/**
	 * A sanity bound from the kill: Sentinel needs one second to call the primary down,
	 * then elects and promotes, and on a loaded machine may need a second election; the
	 * measured times are printed on the RELIABILITY line.
	 */
	static final Duration RECOVERY_BOUND = Duration.ofSeconds(90);

	static final int WORKERS = 4;

	@Test
	void workersCarryOnWithThePromotedReplicaWithoutManualAction() {
		long started = System.nanoTime();
		String queue = "failover-" + ProcessHandle.current().pid();
		QueueSettings settings = QueueSettings.defaults(queue)
			.withVisibilityTimeout(VISIBILITY)
			.withFinishedTtl(Duration.ofHours(1));
		try (SentinelTopology topology = SentinelTopology.start();
				BootRedisContext context = BootRedisContext.start(
						"spring.data.redis.sentinel.master=" + SentinelTopology.MASTER,
						"spring.data.redis.sentinel.nodes=" + topology.sentinelNodes())) {
			StringRedisTemplate redis = context.redisTemplate();
			// plain enqueues: a durable one (WAIT 1 replica) could never be confirmed
			// once
			// the only replica is the primary; the split-brain test covers durable
			// enqueue
			JobQueueClients jobs = JobQueueClients.builder(redis).settings((name) -> settings).build();
			InProcessWorkers workers = new InProcessWorkers(jobs, queue, WORKERS, VISIBILITY, 10);
			SteadyProducer producer = new SteadyProducer(queue + "-producer", 10, Duration.ofMillis(50),
					(payloads) -> jobs.template().enqueueAll(queue, payloads));
			try {
				await("warm-up").atMost(Duration.ofSeconds(60)).until(() -> workers.executions().size() >= 200);

				long kill = System.nanoTime();
				topology.primary().kill();
				topology.awaitReplicaPromoted(RECOVERY_BOUND);
				double promoted = (System.nanoTime() - kill) / 1e9;
				await("first job completed on the new primary").atMost(RECOVERY_BOUND)
					.pollInterval(Duration.ofMillis(10))
					.until(() -> workers.anyCompletedSince(kill)
							&& topology.currentPrimary().equals(topology.replica().address()));
				double firstCompletion = (System.nanoTime() - kill) / 1e9;
				await("every worker thread, the sweeper and the producer working again").atMost(RECOVERY_BOUND)
					.pollInterval(Duration.ofMillis(10))
					.until(() -> workers.allCompletedSince(kill) && workers.sweptSince(kill)
							&& producer.acknowledgedSince(kill));
				double allRecovered = (System.nanoTime() - kill) / 1e9;
				// two more seconds of normal traffic on the new primary, part of the
				// scenario
				InProcessWorkers.sleep(2000);
				producer.close();
				await("queue drained").atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> {
						QueueStats stats = jobs.admin().stats(queue);
						return stats.pendingDepth() == 0 && stats.processingDepth() == 0;
					});
				List<String> acknowledged = producer.acknowledged();
				JobLedger ledger = JobLedger.read(redis, settings.keys(), acknowledged, workers.executions());
				// an enqueue the primary acknowledged but had not yet sent to the replica
				// dies
				// with it: its job is unknown to the new primary ("missing")
				List<String> unreplicated = ledger.notCompleted()
					.stream()
					.filter((id) -> "missing".equals(ledger.statuses().get(id)))
					.toList();
				List<String> lost = ledger.notCompleted().stream().filter((id) -> !unreplicated.contains(id)).toList();

				System.out
					.printf("RELIABILITY: sentinel failover (primary SIGKILL, plain enqueue): jobs acknowledged=%d lost=%d "
							+ "(enqueues never replicated %d) duplicates=%d replica promoted %.2f s, first completion "
							+ "%.2f s, every worker, sweeper and producer %.2f s after the kill; enqueue batches "
							+ "refused=%d, completes rejected=%d, errors caught=%s, threads alive %d/%d; test %.1f s%n",
							acknowledged.size(), lost.size(), unreplicated.size(), ledger.duplicates(), promoted,
							firstCompletion, allRecovered, producer.failedBatches(), workers.claimsLost(),
							workers.errors(), workers.aliveThreads(), workers.threadCount(),
							(System.nanoTime() - started) / 1e9);

				assertThat(workers.aliveThreads()).isEqualTo(workers.threadCount());
				assertThat(lost)
					.as(() -> "acknowledged jobs the new primary knows but that did not complete:\n"
							+ ledger.describeNotCompleted(redis, settings.keys()))
					.isEmpty();
				// the replication lag on loopback: at most a few of the producer's
				// batches of 10
				assertThat(unreplicated).as("enqueues acknowledged but never replicated").hasSizeLessThanOrEqualTo(50);
			}
			finally {
				producer.close();
				workers.close();
				jobs.destroy();
			}
		}
	}

	@Test
	void writesAStalledPrimaryAcknowledgesAfterTheFailoverAreLostUnlessEnqueueWaitsForTheReplica() {
		long started = System.nanoTime();
		SplitBrain plain = splitBrain(false);
		SplitBrain durable = splitBrain(true);
		System.out.printf("RELIABILITY: sentinel split brain (primary frozen 'SIGSTOP' until the replica is promoted, "
				+ "then resumed): plain enqueue acknowledged=%d lost=%d; durable enqueue (WAIT 1 replica, 500 ms) "
				+ "acknowledged=%d lost=%d refused batches=%d; test %.1f s%n", plain.acknowledged(), plain.lost(),
				durable.acknowledged(), durable.lost(), durable.refusedBatches(), (System.nanoTime() - started) / 1e9);

		assertThat(durable.lost()).as("acknowledged durable enqueues lost").isZero();
		assertThat(durable.refusedBatches()).as("durable enqueues the stalled primary could not replicate")
			.isPositive();
		assertThat(plain.lost()).as("acknowledged plain enqueues lost").isPositive();
	}

	private SplitBrain splitBrain(boolean durable) {
		String queue = "split-" + durable + "-" + ProcessHandle.current().pid();
		try (SentinelTopology topology = SentinelTopology.start();
				BootRedisContext context = BootRedisContext.start(
						"spring.data.redis.sentinel.master=" + SentinelTopology.MASTER,
						"spring.data.redis.sentinel.nodes=" + topology.sentinelNodes())) {
			JobQueueClients.Builder builder = JobQueueClients.builder(context.redisTemplate());
			if (durable) {
				builder.enqueueReplicas(1, Duration.ofMillis(500));
			}
			JobQueueClients jobs = builder.build();
			List<SteadyProducer> producers = new java.util.ArrayList<>();
			try {
				jobs.template().enqueueAll(queue, List.of(1, 2, 3));
				topology.primary().freeze();
				for (int i = 0; i < 4; i++) {
					producers.add(new SteadyProducer(queue + "-producer-" + i, 5, Duration.ofMillis(100),
							(payloads) -> jobs.template().enqueueAll(queue, payloads)));
				}
				topology.awaitReplicaPromoted(RECOVERY_BOUND);
				long thaw = System.nanoTime();
				topology.primary().thaw();
				await("old primary follows the new one and producers write again").atMost(RECOVERY_BOUND)
					.pollInterval(Duration.ofMillis(50))
					.ignoreExceptions()
					.until(() -> topology.info(topology.primary(), "replication").contains("master_link_status:up")
							&& producers.stream().allMatch((p) -> p.acknowledgedSince(thaw)));
				producers.forEach(SteadyProducer::close);
				List<String> acknowledged = producers.stream().flatMap((p) -> p.acknowledged().stream()).toList();
				JobLedger ledger = JobLedger.read(context.redisTemplate(), jobs.admin().settings(queue).keys(),
						acknowledged, java.util.Map.of());
				long lost = ledger.statuses().values().stream().filter("missing"::equals).count();
				return new SplitBrain(acknowledged.size(), (int) lost,
						producers.stream().mapToInt(SteadyProducer::failedBatches).sum());
			}
			finally {
				producers.forEach(SteadyProducer::close);
				jobs.destroy();
			}
		}
	}

	/**
	 * What one split-brain run measured.
	 *
	 * @param acknowledged jobs whose enqueue returned
	 * @param lost acknowledged jobs absent from the new primary
	 * @param refusedBatches enqueue calls that threw
	 */
	record SplitBrain(int acknowledged, int lost, int refusedBatches) {

	}

}
