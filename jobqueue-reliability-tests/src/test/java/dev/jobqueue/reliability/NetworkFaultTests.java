package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.QueueStats;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Network faults between the application and Redis, through a {@link FaultProxy} the test
 * starts: a black hole (nothing flows, no socket closes) and added latency on every
 * packet. The application connects through the proxy as Spring Boot makes it
 * ({@code spring.data.redis.*}, Lettuce with its defaults); the test reads Redis
 * directly.
 */
class NetworkFaultTests {

	static final Duration VISIBILITY = Duration.ofSeconds(2);

	static final Duration HOLE = Duration.ofSeconds(6);

	/** The recovery bound the tests hold the workers to, from the hole closing. */
	static final Duration RECOVERY_BOUND = Duration.ofSeconds(10);

	static final int WORKERS = 4;

	@Test
	void workersSweeperAndProducerRecoverWhenABlackHoleCloses() {
		run("black hole of " + HOLE.toSeconds() + " s", (proxy) -> {
			proxy.blackHole(true);
			InProcessWorkers.sleep(HOLE.toMillis());
			proxy.blackHole(false);
		});
	}

	@Test
	void everyJobRunsOnceUnderAddedLatency() {
		run("25 ms added each way for 6 s", (proxy) -> {
			proxy.latency(Duration.ofMillis(25));
			InProcessWorkers.sleep(6000);
			proxy.latency(Duration.ZERO);
		});
	}

	private void run(String scenario, Consumer<FaultProxy> fault) {
		long started = System.nanoTime();
		String queue = "network-" + ProcessHandle.current().pid() + "-" + Math.abs(scenario.hashCode());
		QueueSettings settings = QueueSettings.defaults(queue)
			.withVisibilityTimeout(VISIBILITY)
			.withFinishedTtl(Duration.ofHours(1));
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults());
				FaultProxy proxy = FaultProxy.start(server.host(), server.port());
				BootRedisContext context = BootRedisContext.start("spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + proxy.port());
				BootRedisContext direct = BootRedisContext.start("spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + server.port())) {
			StringRedisTemplate redis = context.redisTemplate();
			JobQueueClients jobs = JobQueueClients.builder(redis).settings((name) -> settings).build();
			InProcessWorkers workers = new InProcessWorkers(jobs, queue, WORKERS, VISIBILITY, 10);
			SteadyProducer producer = new SteadyProducer(queue + "-producer", 10, Duration.ofMillis(50),
					(payloads) -> jobs.template().enqueueAll(queue, payloads));
			try {
				await("warm-up").atMost(Duration.ofSeconds(30)).until(() -> workers.executions().size() >= 200);

				long faultStart = System.nanoTime();
				fault.accept(proxy);
				long back = System.nanoTime();
				await("first job completed").atMost(RECOVERY_BOUND)
					.pollInterval(Duration.ofMillis(10))
					.until(() -> workers.anyCompletedSince(back));
				double firstCompletion = (System.nanoTime() - back) / 1e9;
				await("every worker thread, the sweeper and the producer working again").atMost(RECOVERY_BOUND)
					.pollInterval(Duration.ofMillis(10))
					.until(() -> workers.allCompletedSince(back) && workers.sweptSince(back)
							&& producer.acknowledgedSince(back));
				double allRecovered = (System.nanoTime() - back) / 1e9;
				producer.close();
				await("queue drained").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
					QueueStats stats = jobs.admin().stats(queue);
					return stats.pendingDepth() == 0 && stats.processingDepth() == 0;
				});
				List<String> acknowledged = producer.acknowledged();
				JobLedger ledger = JobLedger.read(direct.redisTemplate(), settings.keys(), acknowledged,
						workers.executions());

				System.out.printf(
						"RELIABILITY: network %s: jobs acknowledged=%d lost=%d duplicates=%d (reclaimed %d) first completion %.2f s and "
								+ "every worker, sweeper and producer %.2f s after the fault ended (fault %.1f s); enqueue "
								+ "batches refused=%d, completes rejected=%d, errors caught=%s, threads alive %d/%d, "
								+ "proxy connections %d; test %.1f s%n",
						scenario, acknowledged.size(), ledger.notCompleted().size(), ledger.duplicates(),
						ledger.reclaimed(), firstCompletion, allRecovered, (back - faultStart) / 1e9,
						producer.failedBatches(), workers.claimsLost(), workers.errors(), workers.aliveThreads(),
						workers.threadCount(), proxy.connections(), (System.nanoTime() - started) / 1e9);

				assertThat(ledger.notCompleted())
					.as(() -> "acknowledged jobs not completed:\n"
							+ ledger.describeNotCompleted(direct.redisTemplate(), settings.keys()))
					.isEmpty();
				assertThat(ledger.neverRun()).isZero();
				assertThat(workers.aliveThreads()).isEqualTo(workers.threadCount());
				// a job runs again only after a sweep took it (its lease expired while a
				// starved or cut-off worker could not extend it), never from the fault
				// alone
				assertThat(ledger.duplicates()).as("duplicates").isLessThanOrEqualTo(ledger.reclaimed());
			}
			finally {
				producer.close();
				workers.close();
				jobs.destroy();
			}
		}
	}

}
