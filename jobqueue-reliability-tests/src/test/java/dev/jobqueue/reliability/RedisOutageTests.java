package dev.jobqueue.reliability;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.QueueStats;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 3: Redis drops every connection, or dies (SIGKILL) and comes back from its
 * append-only file, while workers, a sweeper and a producer run. The application connects
 * as Spring Boot makes it ({@code spring.data.redis.*}, Lettuce with its defaults).
 */
class RedisOutageTests {

	static final Duration VISIBILITY = Duration.ofSeconds(2);

	static final Duration OUTAGE = Duration.ofSeconds(2);

	/**
	 * A sanity bound on recovery from Redis answering again, loose enough for a loaded
	 * machine; the measured times are printed on the RELIABILITY line.
	 */
	static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

	static final int WORKERS = 4;

	@Test
	void workersSweeperAndProducerRecoverByThemselvesWhenRedisDropsEveryConnection() {
		run("connections dropped 3 times", (server) -> {
			RedisClient client = server.newLettuceClient();
			try (StatefulRedisConnection<String, String> admin = client.connect()) {
				for (int i = 0; i < 3; i++) {
					admin.sync().clientKill(KillArgs.Builder.typeNormal());
					InProcessWorkers.sleep(500);
				}
			}
			finally {
				client.shutdown();
			}
		});
	}

	@Test
	void workersSweeperAndProducerRecoverByThemselvesWhenRedisIsKilledAndRestartedFromItsAof() {
		run("redis SIGKILL, down " + OUTAGE.toSeconds() + " s, restarted with AOF", (server) -> {
			server.kill();
			InProcessWorkers.sleep(OUTAGE.toMillis());
			server.restart();
		});
	}

	private void run(String scenario, Consumer<RedisTestServer> outage) {
		long started = System.nanoTime();
		String queue = "outage-" + ProcessHandle.current().pid() + "-" + scenario.hashCode();
		QueueSettings settings = QueueSettings.defaults(queue)
			.withVisibilityTimeout(VISIBILITY)
			.withFinishedTtl(Duration.ofHours(1));
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults().withAppendOnly(true));
				BootRedisContext context = BootRedisContext.start("spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + server.port())) {
			StringRedisTemplate redis = context.redisTemplate();
			JobQueueClients jobs = JobQueueClients.builder(redis).settings((name) -> settings).build();
			InProcessWorkers workers = new InProcessWorkers(jobs, queue, WORKERS, VISIBILITY, 10);
			SteadyProducer producer = new SteadyProducer(queue + "-producer", 10, Duration.ofMillis(50),
					(payloads) -> jobs.template().enqueueAll(queue, payloads));
			try {
				await("warm-up").atMost(Duration.ofSeconds(60)).until(() -> workers.executions().size() >= 200);

				long outageStart = System.nanoTime();
				outage.accept(server);
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
				// two more seconds of normal traffic after the recovery, part of the
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

				System.out
					.printf("RELIABILITY: %s: jobs acknowledged=%d lost=%d duplicates=%d first completion %.2f s and every "
							+ "worker, sweeper and producer %.2f s after Redis was back (outage %.1f s); enqueue batches "
							+ "refused=%d, completes rejected=%d, errors caught=%s, threads alive %d/%d; test %.1f s%n",
							scenario, acknowledged.size(), ledger.notCompleted().size(), ledger.duplicates(),
							firstCompletion, allRecovered, (back - outageStart) / 1e9, producer.failedBatches(),
							workers.claimsLost(), workers.errors(), workers.aliveThreads(), workers.threadCount(),
							(System.nanoTime() - started) / 1e9);

				assertThat(ledger.notCompleted())
					.as(() -> "acknowledged jobs not completed:\n"
							+ ledger.describeNotCompleted(redis, settings.keys()))
					.isEmpty();
				assertThat(ledger.neverRun()).isZero();
				assertThat(workers.aliveThreads()).isEqualTo(workers.threadCount());
				assertThat(ledger.duplicates()).as("duplicates").isLessThanOrEqualTo(WORKERS);
			}
			finally {
				producer.close();
				workers.close();
				jobs.destroy();
			}
		}
	}

}
