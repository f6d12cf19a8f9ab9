package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.QueueStats;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import dev.jobqueue.worker.JobContext;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import dev.jobqueue.worker.JobQueueReclaimer;
import dev.jobqueue.worker.JobWorkerContainer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 3 on the starter: Redis is killed (SIGKILL) and restarted from its append-only
 * file while the application's {@code @JobHandler} workers, its reclaimer and a producer
 * run. The workers and the reclaimer recover by themselves, no job is lost, and the
 * health indicator reports DOWN during the outage and UP after it.
 */
class StarterRedisOutageTests {

	static final Duration OUTAGE = Duration.ofSeconds(4);

	/**
	 * A sanity bound on how long health takes to go DOWN after the kill and on recovery
	 * after the restart, loose enough for a loaded machine; the measured times are
	 * printed on the RELIABILITY line.
	 */
	static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);

	@Test
	void theApplicationRecoversByItselfAndItsHealthGoesDownThenUp() {
		long started = System.nanoTime();
		String queue = "starter-outage-" + ProcessHandle.current().pid();
		String q = "jobqueue.queues." + queue + ".";
		CountingHandler.executions.clear();
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults().withAppendOnly(true));
				StarterApp app = StarterApp.start(List.of(CountingHandler.class), "spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + server.port(), "outage.queue=" + queue, q + "concurrency=4",
						q + "visibility-timeout=2s", q + "reclaim-interval=500ms", q + "claim-timeout=500ms",
						q + "finished-ttl=3600")) {
			JobQueueOperations jobs = app.operations();
			HealthIndicator health = app.bean("jobqueueHealthIndicator", HealthIndicator.class);
			HealthRecorder healthRecorder = new HealthRecorder(health);
			SteadyProducer producer = new SteadyProducer(queue + "-producer", 10, Duration.ofMillis(50),
					(payloads) -> app.operations().enqueueAll(queue, payloads));
			try {
				await("warm-up").atMost(Duration.ofSeconds(60)).until(() -> CountingHandler.executions.size() >= 200);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);

				long kill = System.nanoTime();
				server.kill();
				// Redis stays down until health has said DOWN, however long that takes
				await("health DOWN during the outage").atMost(RECOVERY_BOUND)
					.pollInterval(Duration.ofMillis(20))
					.until(() -> healthRecorder.sawSince(Status.DOWN, kill));
				double downAfter = (healthRecorder.firstSince(Status.DOWN, kill) - kill) / 1e9;
				// the rest of the outage, part of the scenario
				InProcessWorkers.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - kill) / 1_000_000));
				server.restart();
				long back = System.nanoTime();
				await("a job completed after the restart").atMost(RECOVERY_BOUND)
					.pollInterval(Duration.ofMillis(10))
					.until(() -> CountingHandler.lastCompletion.get() - back > 0);
				double firstJob = (System.nanoTime() - back) / 1e9;
				await("health UP, producer and every container working again").atMost(RECOVERY_BOUND)
					.pollInterval(Duration.ofMillis(10))
					.until(() -> healthRecorder.sawSince(Status.UP, back) && producer.acknowledgedSince(back));
				double healthUp = (healthRecorder.firstSince(Status.UP, back) - back) / 1e9;
				// two more seconds of normal traffic after the recovery, part of the
				// scenario
				InProcessWorkers.sleep(2000);
				producer.close();
				await("queue drained").atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> {
						QueueStats stats = app.admin().stats(queue);
						return stats.pendingDepth() == 0 && stats.processingDepth() == 0;
					});
				healthRecorder.close();
				List<String> acknowledged = producer.acknowledged();
				StringRedisTemplate redis = new StringRedisTemplate(app.bean(RedisConnectionFactory.class));
				JobLedger ledger = JobLedger.read(redis, app.admin().settings(queue).keys(), acknowledged,
						CountingHandler.executions);
				JobHandlerEndpointRegistry registry = app.bean(JobHandlerEndpointRegistry.class);

				System.out.printf("RELIABILITY: starter app, Redis SIGKILL, down %.1f s, restarted with AOF: jobs "
						+ "acknowledged=%d lost=%d duplicates=%d; health DOWN %.2f s after the kill, UP %.2f s after "
						+ "Redis was back; first job completed %.2f s after; health sequence %s; enqueue batches "
						+ "refused=%d; test %.1f s%n", OUTAGE.toMillis() / 1e3, acknowledged.size(),
						ledger.notCompleted().size(), ledger.duplicates(), downAfter, healthUp, firstJob,
						healthRecorder.transitions(), producer.failedBatches(), (System.nanoTime() - started) / 1e9);

				assertThat(ledger.notCompleted())
					.as(() -> "acknowledged jobs not completed:\n"
							+ ledger.describeNotCompleted(redis, app.admin().settings(queue).keys()))
					.isEmpty();
				assertThat(ledger.neverRun()).isZero();
				assertThat(registry.isRunning()).isTrue();
				assertThat(registry.getContainers()).allMatch(JobWorkerContainer::isRunning);
				assertThat(app.bean(JobQueueReclaimer.class).isRunning()).isTrue();
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			}
			finally {
				producer.close();
				healthRecorder.close();
			}
		}
	}

	/**
	 * Counts the executions of every job.
	 */
	static class CountingHandler {

		static final Map<String, List<String>> executions = new ConcurrentHashMap<>();

		static final AtomicLong lastCompletion = new AtomicLong();

		@JobHandler(queue = "${outage.queue}")
		void run(Integer sequence, JobContext job) throws InterruptedException {
			executions.computeIfAbsent(job.id(), (id) -> new CopyOnWriteArrayList<>())
				.add(Thread.currentThread().getName());
			Thread.sleep(10);
			lastCompletion.set(System.nanoTime());
		}

	}

	/**
	 * Calls the health indicator every 100 ms on its own thread and keeps the status
	 * changes.
	 */
	static final class HealthRecorder implements AutoCloseable {

		private final List<long[]> changes = new CopyOnWriteArrayList<>();

		private final List<Status> statuses = new CopyOnWriteArrayList<>();

		private final Thread thread;

		private volatile boolean stopped;

		HealthRecorder(HealthIndicator health) {
			this.thread = new Thread(() -> {
				Status last = null;
				while (!this.stopped) {
					Status status = health.health().getStatus();
					if (!status.equals(last)) {
						this.changes.add(new long[] { System.nanoTime(), this.statuses.size() });
						this.statuses.add(status);
						last = status;
					}
					InProcessWorkers.sleep(100);
				}
			}, "health-recorder");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		boolean sawSince(Status status, long nanos) {
			return firstSince(status, nanos) != Long.MIN_VALUE;
		}

		long firstSince(Status status, long nanos) {
			for (long[] change : this.changes) {
				if (change[0] - nanos > 0 && this.statuses.get((int) change[1]).equals(status)) {
					return change[0];
				}
			}
			return Long.MIN_VALUE;
		}

		List<String> transitions() {
			List<String> names = new ArrayList<>();
			this.statuses.forEach((status) -> names.add(status.getCode()));
			return names;
		}

		@Override
		public void close() {
			this.stopped = true;
		}

	}

}
