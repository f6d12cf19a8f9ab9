package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.jobqueue.JobQueueFullException;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueStats;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, defect 6: Redis at {@code maxmemory} with {@code noeviction}. Enqueue is
 * refused with a clear exception; workers started at full memory drain the whole backlog
 * (claims and completions still run, because each script's first write frees memory);
 * used memory does not climb past the point where enqueue was refused by more than a
 * small bound, because while Redis is full a completed job's hash is deleted at once
 * instead of being kept for the finished-job TTL.
 */
class MaxmemoryTests {

	static final String QUEUE = "maxmemory-" + ProcessHandle.current().pid();

	static final long MAXMEMORY = 8L * 1024 * 1024;

	/**
	 * How far used memory may rise above where it stood when enqueue was refused: the
	 * started application's connections and loaded scripts, and the claims of the jobs in
	 * flight; it does not grow with the backlog.
	 */
	static final long OVERSHOOT_BOUND = 1024L * 1024;

	@Test
	void enqueueIsRefusedAndIdleWorkersStartedAtFullMemoryDrainTheBacklogWithoutMemoryClimbing() {
		long started = System.nanoTime();
		try (RedisTestServer server = RedisTestServers
			.startOwned(RedisServerOptions.defaults().withArgs("--maxmemory", String.valueOf(MAXMEMORY)))) {
			LettuceConnectionFactory factory = server.newConnectionFactory();
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			JobQueueClients producer = JobQueueClients.builder(redis).build();
			List<String> ids = new ArrayList<>();
			String padding = "x".repeat(150);
			Throwable refused = null;
			while (refused == null) {
				List<Map<String, Object>> batch = IntStream.range(0, 500)
					.mapToObj((i) -> Map.<String, Object>of("kind", "work", "pad", padding))
					.toList();
				refused = catchThrowable(() -> ids.addAll(producer.template().enqueueAll(QUEUE, batch)));
			}
			assertThat(refused).isInstanceOf(JobQueueFullException.class).hasMessageContaining("maxmemory");
			// the refused batch's buffers are freed after the refusal: top Redis up until
			// it refuses
			// even a small write, so the workers start with Redis over its limit
			String kilobyte = "f".repeat(1024);
			int fillers = 0;
			while (fill(redis, "filler-" + fillers, kilobyte)) {
				fillers++;
				assertThat(fillers).as("filler keys").isLessThan(100_000);
			}
			long atRefusal = RedisInfo.field(redis, "memory", "used_memory");
			assertThat(producer.admin().stats(QUEUE).pendingDepth()).isEqualTo(ids.size());

			MemoryProbe probe = new MemoryProbe(server);
			long drainStart = System.nanoTime();
			String q = "jobqueue.queues." + QUEUE + ".";
			try (StarterApp app = StarterApp.start(List.of(Work.class), "spring.data.redis.url=" + server.uri(),
					"maxmemory.queue=" + QUEUE, q + "concurrency=4", q + "claim-timeout=200ms",
					q + "finished-ttl=1h")) {
				await("backlog drained").atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> {
						QueueStats stats = producer.admin().stats(QUEUE);
						return stats.pendingDepth() == 0 && stats.processingDepth() == 0;
					});
				double drain = (System.nanoTime() - drainStart) / 1e9;
				probe.close();
				long missing = ids.stream().filter((id) -> !Work.ran.contains(id)).count();
				System.out.printf(
						"RELIABILITY: maxmemory %d MB noeviction: enqueue refused after %d jobs (%s) at used_memory "
								+ "%.2f MB; idle workers started at full memory drained all in %.1f s, never run %d; "
								+ "used_memory peak %.2f MB during the drain, %.2f MB after; test %.1f s%n",
						MAXMEMORY >> 20, ids.size(), refused.getClass().getSimpleName(), atRefusal / 1048576.0, drain,
						missing, probe.peak() / 1048576.0, probe.last() / 1048576.0,
						(System.nanoTime() - started) / 1e9);
				assertThat(missing).as("jobs never run").isZero();
				assertThat(probe.peak()).isLessThanOrEqualTo(atRefusal + OVERSHOOT_BOUND);
			}
			finally {
				probe.close();
				producer.destroy();
				factory.destroy();
			}
		}
	}

	private static boolean fill(StringRedisTemplate redis, String key, String value) {
		return catchThrowable(() -> redis.opsForValue().set(key, value)) == null;
	}

	/**
	 * Samples {@code used_memory} every 50 ms on its own connection and keeps the peak.
	 */
	static final class MemoryProbe implements AutoCloseable {

		private final AtomicLong peak = new AtomicLong();

		private final AtomicLong last = new AtomicLong();

		private final Thread thread;

		private volatile boolean stopped;

		MemoryProbe(RedisTestServer server) {
			RedisClient client = server.newLettuceClient();
			StatefulRedisConnection<String, String> connection = client.connect();
			this.thread = new Thread(() -> {
				try {
					while (!this.stopped) {
						long used = RedisInfo.field(connection.sync().info("memory"), "used_memory");
						this.last.set(used);
						this.peak.accumulateAndGet(used, Math::max);
						InProcessWorkers.sleep(50);
					}
				}
				finally {
					connection.close();
					client.shutdown();
				}
			}, "maxmemory-probe");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		long peak() {
			return this.peak.get();
		}

		long last() {
			return this.last.get();
		}

		@Override
		public void close() {
			this.stopped = true;
			try {
				this.thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/**
	 * A job that only records that it ran.
	 */
	static class Work {

		static final Set<String> ran = ConcurrentHashMap.newKeySet();

		@JobHandler(queue = "${maxmemory.queue}", kind = "work")
		void work(Map<String, Object> payload, dev.jobqueue.worker.JobContext context) {
			ran.add(context.id());
		}

	}

}
