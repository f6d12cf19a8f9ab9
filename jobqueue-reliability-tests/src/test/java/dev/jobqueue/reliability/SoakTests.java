package dev.jobqueue.reliability;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.QueueStats;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A soak: the starter's workers run a steady stream of jobs for ten minutes (set
 * {@code -Djobqueue.soak.duration=PT2M} to shorten it; at least 105 s), with one job in
 * ten failing and one in fifty hanging past a one-second visibility timeout. The test
 * JVM's heap after a GC and its live threads, and Redis's used memory and key count, are
 * sampled every 15 s after a warm-up, and the last third of the run must stay level with
 * the first third. Every job enqueued runs at least once and the queue drains at the end.
 */
class SoakTests {

	static final String QUEUE = "soak-" + ProcessHandle.current().pid();

	static final Duration DURATION = Duration.parse(System.getProperty("jobqueue.soak.duration", "PT10M"));

	static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);

	static final Duration WARM_UP = Duration.ofSeconds(60);

	static final int PER_TICK = 5;

	static final Duration TICK = Duration.ofMillis(100);

	@Test
	void heapThreadsRedisMemoryAndKeyCountStayLevelUnderFailuresAndHangs() {
		assertThat(DURATION).as("soak duration").isGreaterThanOrEqualTo(WARM_UP.plus(SAMPLE_EVERY.multipliedBy(3)));
		long started = System.nanoTime();
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults())) {
			LettuceConnectionFactory factory = server.newConnectionFactory();
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			JobQueueClients reader = JobQueueClients.builder(redis).build();
			String q = "jobqueue.queues." + QUEUE + ".";
			List<Sample> samples = new ArrayList<>();
			BitSet acknowledged = new BitSet();
			AtomicInteger refusedBatches = new AtomicInteger();
			try (StarterApp app = StarterApp.start(List.of(SoakHandlers.class), "spring.data.redis.url=" + server.uri(),
					"soak.queue=" + QUEUE, q + "concurrency=8", q + "visibility-timeout=1s",
					q + "lease-extension=false", q + "reclaim-interval=250ms", q + "claim-timeout=500ms",
					q + "finished-ttl=30s")) {
				JobQueueOperations producer = app.operations();
				long end = System.nanoTime() + DURATION.toNanos();
				// twice the finished-job TTL, so the finished hashes have reached their
				// level
				long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
				long nextSample = warmUpEnd;
				long nextTick = System.nanoTime();
				int sequence = 0;
				while (System.nanoTime() < end) {
					int from = sequence;
					sequence += PER_TICK;
					try {
						producer.enqueueAll(QUEUE,
								IntStream.range(from, from + PER_TICK)
									.mapToObj((n) -> Map.of("kind", "soak", "n", n))
									.toList());
						acknowledged.set(from, from + PER_TICK);
					}
					catch (RuntimeException ex) {
						refusedBatches.incrementAndGet();
					}
					if (System.nanoTime() - nextSample >= 0) {
						samples.add(Sample.take(redis, reader.admin().stats(QUEUE)));
						nextSample += SAMPLE_EVERY.toNanos();
					}
					nextTick += TICK.toNanos();
					long wait = (nextTick - System.nanoTime()) / 1_000_000;
					if (wait > 0) {
						InProcessWorkers.sleep(wait);
					}
				}
				await("queue drained").atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> {
						QueueStats stats = reader.admin().stats(QUEUE);
						return stats.pendingDepth() == 0 && stats.processingDepth() == 0;
					});
				BitSet neverRun = (BitSet) acknowledged.clone();
				neverRun.andNot(SoakHandlers.ran());
				int third = Math.max(1, samples.size() / 3);
				List<Sample> first = samples.subList(0, third);
				List<Sample> last = samples.subList(samples.size() - third, samples.size());
				System.out.printf(
						"RELIABILITY: soak %s, %d jobs/s, 10%% failing, 2%% hanging past a 1 s visibility: jobs %d, "
								+ "never run %d, refused batches %d, runs %d; first third -> last third: heap after GC "
								+ "min %.1f -> %.1f MB, threads max %d -> %d, redis used_memory min %.2f -> %.2f MB, "
								+ "keys max %d -> %d, pending max %d -> %d; samples %d; test %.1f s%n",
						DURATION, PER_TICK * 1000 / TICK.toMillis(), acknowledged.cardinality(), neverRun.cardinality(),
						refusedBatches.get(), SoakHandlers.runs.get(), min(first, Sample::heap) / 1048576.0,
						min(last, Sample::heap) / 1048576.0, max(first, Sample::threads), max(last, Sample::threads),
						min(first, Sample::redisMemory) / 1048576.0, min(last, Sample::redisMemory) / 1048576.0,
						max(first, Sample::keys), max(last, Sample::keys), max(first, Sample::pending),
						max(last, Sample::pending), samples.size(), (System.nanoTime() - started) / 1e9);
				assertThat(samples).hasSizeGreaterThanOrEqualTo(3);
				assertThat(neverRun.cardinality()).as("acknowledged jobs never run").isZero();
				assertThat(min(last, Sample::heap)).as("heap after GC")
					.isLessThanOrEqualTo(min(first, Sample::heap) + 24L * 1024 * 1024);
				assertThat(max(last, Sample::threads)).as("live threads")
					.isLessThanOrEqualTo(max(first, Sample::threads) + 4);
				assertThat(min(last, Sample::redisMemory)).as("Redis used_memory")
					.isLessThanOrEqualTo(min(first, Sample::redisMemory) * 5 / 4 + 1024 * 1024);
				assertThat(max(last, Sample::keys)).as("Redis keys")
					.isLessThanOrEqualTo(max(first, Sample::keys) * 5 / 4 + 200);
				assertThat(max(last, Sample::pending)).as("backlog").isLessThanOrEqualTo(2000);
			}
			finally {
				reader.destroy();
				factory.destroy();
			}
		}
	}

	private static long min(List<Sample> samples, ToLongFunction<Sample> value) {
		return samples.stream().mapToLong(value).min().orElseThrow();
	}

	private static long max(List<Sample> samples, ToLongFunction<Sample> value) {
		return samples.stream().mapToLong(value).max().orElseThrow();
	}

	/**
	 * One sample of the figures that must stay level.
	 *
	 * @param heap the test JVM's used heap after a GC, bytes
	 * @param threads the test JVM's live threads
	 * @param redisMemory Redis's {@code used_memory}
	 * @param keys Redis's key count
	 * @param pending the queue's pending depth
	 */
	record Sample(long heap, long threads, long redisMemory, long keys, long pending) {

		static Sample take(StringRedisTemplate redis, QueueStats stats) {
			System.gc();
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			long threads = ManagementFactory.getThreadMXBean().getThreadCount();
			long keys = redis.execute((org.springframework.data.redis.core.RedisCallback<Long>) (
					connection) -> connection.serverCommands().dbSize());
			return new Sample(heap, threads, RedisInfo.field(redis, "memory", "used_memory"), keys,
					stats.pendingDepth());
		}

	}

	/**
	 * Handlers that fail one job in ten and hang one in fifty for 2.5 s, past the 1 s
	 * visibility timeout, so the sweep takes it and the late completion is rejected.
	 */
	static class SoakHandlers {

		static final AtomicInteger runs = new AtomicInteger();

		private static final BitSet ran = new BitSet();

		static synchronized BitSet ran() {
			return (BitSet) ran.clone();
		}

		private static synchronized void record(int n) {
			ran.set(n);
		}

		@JobHandler(queue = "${soak.queue}", kind = "soak")
		void soak(Map<String, Object> payload) throws InterruptedException {
			int n = ((Number) payload.get("n")).intValue();
			record(n);
			runs.incrementAndGet();
			if (n % 50 == 7) {
				Thread.sleep(2500);
			}
			else if (n % 10 == 3) {
				throw new IllegalStateException("soak failure " + n);
			}
			else {
				Thread.sleep(2);
			}
		}

	}

}
