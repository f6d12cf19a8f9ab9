package dev.jobqueue.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisTestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, defects 1 to 3, on the starter's own workers: data another client wrote into
 * the queue's keys (an id pushed twice, an id that is not UTF-8, {@code nan} attempts)
 * ends in a defined state; a finished job never runs again and nothing loops.
 */
class PoisonDataTests {

	static final String QUEUE = "poison-data-" + ProcessHandle.current().pid();

	static final Duration BOUND = Duration.ofSeconds(30);

	@AfterAll
	static void releaseHangingHandlers() {
		Handlers.release.countDown();
	}

	@Test
	void anIdPushedTwiceMoreOntoPendingRunsOnceAndIsNeverRunAgainAfterItCompleted() {
		long started = System.nanoTime();
		String queue = QUEUE + "-dup";
		try (StarterApp app = start(queue, "2s", "true")) {
			JobQueueOperations jobs = app.operations();
			StringRedisTemplate redis = redis(app);
			QueueKeys keys = app.admin().settings(queue).keys();
			String id = app.operations().enqueue(queue, Map.of("kind", "slow", "ms", 500));
			redis.opsForList().leftPushAll(keys.pending(), id, id);

			await("the job completed and no entry of it is left").atMost(BOUND)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> "completed".equals(status(jobs, queue, id)) && redis.opsForList().size(keys.pending()) == 0
						&& redis.opsForList().size(keys.processing()) == 0);
			JobRecord job = jobs.getJob(queue, id).orElseThrow();
			System.out.printf(
					"RELIABILITY: id pushed twice more onto pending, 2 workers, 500 ms job: handler runs=%d, status %s, "
							+ "attempts %d; test %.1f s%n",
					Handlers.runs(id), job.status(), job.attempts(), (System.nanoTime() - started) / 1e9);
			assertThat(Handlers.runs(id)).isOne();
			assertThat(job.attempts()).isOne();
		}
	}

	@Test
	void anIdThatIsNotUtf8EndsFailedWithAClearErrorWithoutLooping() {
		long started = System.nanoTime();
		String queue = QUEUE + "-utf8";
		byte[] id = { 'p', '-', (byte) 0xff, (byte) 0xfe };
		try (StarterApp app = start(queue, "1s", "false");
				BytesClient raw = new BytesClient(RedisTestServers.shared().newLettuceClient())) {
			QueueKeys keys = app.admin().settings(queue).keys();
			byte[] key = concat(keys.jobPrefix().getBytes(StandardCharsets.UTF_8), id);
			raw.commands.hset(key,
					Map.of(b("id"), id, b("payload"), b("{\"kind\":\"slow\",\"ms\":1}"), b("status"), b("pending"),
							b("attempts"), b("0"), b("enqueued_at_ms"), b(String.valueOf(System.currentTimeMillis())),
							b("claim_token"), new byte[0]));
			raw.commands.lpush(b(keys.pending()), id);
			String after = app.operations().enqueue(queue, Map.of("kind", "slow", "ms", 1));

			await("the foreign job failed for good").atMost(BOUND)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> "failed".equals(s(raw.commands.hget(key, b("status")))));
			await("the next job completed").atMost(BOUND)
				.until(() -> "completed".equals(status(app.operations(), queue, after)));
			String error = s(raw.commands.hget(key, b("last_error")));
			System.out.printf("RELIABILITY: id bytes 70 2d ff fe: status failed, handler runs=%d, last_error=%s; "
					+ "test %.1f s%n", Handlers.totalRuns() - 1, error, (System.nanoTime() - started) / 1e9);
			assertThat(error).contains("not valid UTF-8");
			assertThat(raw.commands.llen(b(keys.processing()))).isZero();
			assertThat(raw.commands.llen(b(keys.pending()))).isZero();
			assertThat(Handlers.runs(new String(id, StandardCharsets.UTF_8))).isZero();
		}
	}

	@Test
	void aJobWithAttemptsNanThatAlwaysHangsEndsFailedAfterMaxAttempts() {
		long started = System.nanoTime();
		String queue = QUEUE + "-nan";
		try (StarterApp app = start(queue, "1s", "false", 4)) {
			JobQueueOperations jobs = app.operations();
			StringRedisTemplate redis = redis(app);
			String id = app.operations().enqueue(queue, Map.of("kind", "hang"));
			// another client corrupts the counter before any claim
			redis.opsForHash().put(app.admin().settings(queue).keys().job(id), "attempts", "nan");

			await("the hanging job failed for good").atMost(BOUND)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> "failed".equals(status(jobs, queue, id)));
			JobRecord job = jobs.getJob(queue, id).orElseThrow();
			System.out.printf(
					"RELIABILITY: attempts=nan, handler always hangs, visibility 1 s: %s after %d claims, "
							+ "last_error=%s; test %.1f s%n",
					job.status(), job.attempts(), job.lastError(), (System.nanoTime() - started) / 1e9);
			assertThat(job.attempts()).isEqualTo(3);
			assertThat(job.lastError()).contains("expired on attempt 3 of 3");
		}
		finally {
			// let the three hanging handler threads go, so the application stops at once
			Handlers.release.countDown();
		}
	}

	private static StarterApp start(String queue, String visibility, String leaseExtension) {
		return start(queue, visibility, leaseExtension, 2);
	}

	private static StarterApp start(String queue, String visibility, String leaseExtension, int concurrency) {
		String q = "jobqueue.queues." + queue + ".";
		return StarterApp.start(List.of(Handlers.class), "spring.data.redis.url=" + RedisTestServers.shared().uri(),
				"poison.data.queue=" + queue, q + "concurrency=" + concurrency, q + "visibility-timeout=" + visibility,
				q + "lease-extension=" + leaseExtension, q + "reclaim-interval=200ms", q + "claim-timeout=200ms",
				q + "finished-ttl=1h");
	}

	private static StringRedisTemplate redis(StarterApp app) {
		return new StringRedisTemplate(app.bean(RedisConnectionFactory.class));
	}

	private static String status(JobQueueOperations jobs, String queue, String id) {
		return jobs.getJob(queue, id).map(JobRecord::status).orElse("missing");
	}

	private static byte[] b(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String s(byte[] bytes) {
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	/**
	 * A raw byte-array connection, for keys and values that are not UTF-8.
	 */
	static final class BytesClient implements AutoCloseable {

		final RedisClient client;

		final StatefulRedisConnection<byte[], byte[]> connection;

		final RedisCommands<byte[], byte[]> commands;

		BytesClient(RedisClient client) {
			this.client = client;
			this.connection = client.connect(ByteArrayCodec.INSTANCE);
			this.commands = this.connection.sync();
		}

		@Override
		public void close() {
			this.connection.close();
			this.client.shutdown();
		}

	}

	/**
	 * A slow handler that counts its runs per job id, and one that hangs.
	 */
	static class Handlers {

		static final Map<String, List<Long>> runs = new ConcurrentHashMap<>();

		static final CountDownLatch release = new CountDownLatch(1);

		static int runs(String id) {
			return runs.getOrDefault(id, List.of()).size();
		}

		static int totalRuns() {
			return runs.values().stream().mapToInt(List::size).sum();
		}

		@JobHandler(queue = "${poison.data.queue}", kind = "slow")
		void slow(Map<String, Object> payload, dev.jobqueue.worker.JobContext context) throws InterruptedException {
			runs.computeIfAbsent(context.id(), (k) -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
			Thread.sleep(((Number) payload.get("ms")).longValue());
		}

		@JobHandler(queue = "${poison.data.queue}", kind = "hang")
		void hang(Map<String, Object> payload) throws InterruptedException {
			release.await();
		}

	}

}
