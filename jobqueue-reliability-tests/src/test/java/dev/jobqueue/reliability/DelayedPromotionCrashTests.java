package dev.jobqueue.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Promoter JVMs killed with SIGKILL while they move thousands of due delayed jobs to
 * pending: every job reaches pending exactly once, none is left behind or doubled.
 */
class DelayedPromotionCrashTests {

	static final int PROMOTERS = 3;

	static final int JOBS = 20_000;

	static final Duration SPREAD = Duration.ofSeconds(15);

	@Test
	void killingPromotersLosesNoDelayedJobAndDoublesNone() {
		String queue = "delayed-crash-" + ProcessHandle.current().pid();
		QueueKeys keys = QueueSettings.defaults(queue).keys();
		Path dir = RedisNodes.newDirectory("delayed-crash");
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults())) {
			LettuceConnectionFactory factory = server.newConnectionFactory();
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			JobQueueClients clients = JobQueueClients.builder(redis).build();
			List<String> args = List.of(String.valueOf(server.port()), queue);
			List<WorkerProcess> live = new ArrayList<>();
			int started = 0;
			int kills = 0;
			try {
				for (int i = 0; i < PROMOTERS; i++) {
					live.add(WorkerProcess.start(dir, "promoter-" + started++, PromoterMain.class, args));
				}
				await("promoters ready").atMost(Duration.ofSeconds(60))
					.until(() -> live.stream().allMatch(WorkerProcess::isReady));

				// jobs due every few hundred microseconds over the spread, in batches of
				// 100 sharing a due time
				Instant start = Instant.now().plusSeconds(1);
				List<String> enqueued = new ArrayList<>(JOBS);
				for (int batch = 0; batch < JOBS / 100; batch++) {
					Instant due = start.plusMillis(SPREAD.toMillis() * batch / (JOBS / 100));
					enqueued.addAll(clients.template()
						.enqueueAll(queue, IntStream.range(0, 100).boxed().toList(), JobOptions.runAt(due)));
				}
				int killsWhilePromoting = 0;
				long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
				while ((kills < 6 || Instant.now().isBefore(start.plus(SPREAD))) && System.nanoTime() < deadline) {
					InProcessWorkers.sleep(500);
					WorkerProcess victim = live.stream().filter(WorkerProcess::isReady).findFirst().orElse(null);
					if (victim != null) {
						boolean promoting = Boolean.TRUE.equals(redis.hasKey(keys.delayed()));
						live.remove(victim);
						victim.kill(Duration.ofSeconds(10));
						kills++;
						killsWhilePromoting += promoting ? 1 : 0;
						live.add(WorkerProcess.start(dir, "promoter-" + started++, PromoterMain.class, args));
					}
				}
				await("every due job promoted").atMost(Duration.ofSeconds(90))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> !Boolean.TRUE.equals(redis.hasKey(keys.delayed())));

				List<String> pending = redis.opsForList().range(keys.pending(), 0, -1);
				Set<String> distinct = new HashSet<>(pending);
				System.out.printf(
						"RELIABILITY: delayed promotion under SIGKILL: jobs=%d promoters=%d kills=%d "
								+ "(while jobs were still delayed=%d) pending=%d distinct=%d%n",
						JOBS, PROMOTERS, kills, killsWhilePromoting, pending.size(), distinct.size());
				assertThat(kills).isGreaterThanOrEqualTo(6);
				assertThat(killsWhilePromoting).isGreaterThanOrEqualTo(2);
				assertThat(pending).as("each delayed job in pending once").hasSize(JOBS);
				assertThat(distinct).containsExactlyInAnyOrderElementsOf(enqueued);
				assertThat(clients.admin().stats(queue).failedDepth()).isZero();
			}
			finally {
				live.forEach((worker) -> worker.kill(Duration.ofSeconds(10)));
				clients.destroy();
				factory.destroy();
			}
		}
	}

}
