package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.jobqueue.JobPayloadException;
import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisTestServers;
import dev.jobqueue.worker.JobHandlerEndpointRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 6: bad input and poison jobs on the starter's workers. Every one ends in a
 * defined state with a clear {@code last_error}, and the workers keep going.
 */
class PoisonJobTests {

	static final String QUEUE = "poison-" + ProcessHandle.current().pid();

	@Test
	void everyPoisonJobEndsInADefinedStateWithAClearErrorAndTheWorkersKeepGoing() {
		long started = System.nanoTime();
		String q = "jobqueue.queues." + QUEUE + ".";
		// the visibility timeout bounds the hanging handler's attempts; shorter than a
		// few
		// seconds, a worker starved of CPU on a loaded machine could lose the lease of a
		// job it is about to fail for good and see it reclaimed as a second attempt

		try (StarterApp app = StarterApp.start(List.of(PoisonHandlers.class),
				"spring.data.redis.url=" + RedisTestServers.shared().uri(), "poison.queue=" + QUEUE,
				q + "concurrency=6", q + "visibility-timeout=5s", q + "lease-extension=false",
				q + "reclaim-interval=200ms", q + "claim-timeout=200ms", q + "max-payload-size=64KB")) {
			JobQueueOperations jobs = app.operations();
			StringRedisTemplate redis = new StringRedisTemplate(
					app.bean(org.springframework.data.redis.connection.RedisConnectionFactory.class));
			QueueKeys keys = app.admin().settings(QUEUE).keys();
			try {
				Map<String, String> ids = new LinkedHashMap<>();
				ids.put("ok", app.operations().enqueue(QUEUE, Map.of("kind", "ok")));
				ids.put("throws", app.operations().enqueue(QUEUE, Map.of("kind", "throws")));
				ids.put("error", app.operations().enqueue(QUEUE, Map.of("kind", "error")));
				ids.put("hangs", app.operations().enqueue(QUEUE, Map.of("kind", "hang")));
				ids.put("wrong type", app.operations().enqueue(QUEUE, Map.of("kind", "typed", "count", "many")));
				ids.put("unknown kind", app.operations().enqueue(QUEUE, Map.of("kind", "nope")));
				ids.put("malformed JSON", "badjson000000001");
				redis.opsForHash()
					.putAll(keys.job("badjson000000001"),
							Map.of("id", "badjson000000001", "payload", "{\"kind\":\"ok\",", "status", "pending",
									"attempts", "0", "enqueued_at_ms", String.valueOf(System.currentTimeMillis()),
									"claim_token", ""));
				redis.opsForList().leftPush(keys.pending(), "badjson000000001");
				ids.put("hash missing", "nohash0000000001");
				redis.opsForList().leftPush(keys.pending(), "nohash0000000001");
				String huge = "x".repeat(100_000);
				assertThatExceptionOfType(JobPayloadException.class)
					.isThrownBy(() -> app.operations().enqueue(QUEUE, Map.of("kind", "ok", "blob", huge)))
					.withMessageContaining("exceeds the limit of 65536 bytes of queue '" + QUEUE + "'");

				await("every job finished").atMost(Duration.ofSeconds(180))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> ids.values()
						.stream()
						.allMatch((id) -> jobs.getJob(QUEUE, id)
							.map((job) -> job.status().equals("completed") || job.status().equals("failed"))
							.orElse(false)));
				Map<String, JobRecord> ended = new LinkedHashMap<>();
				ids.forEach((what, id) -> ended.put(what, jobs.getJob(QUEUE, id).orElseThrow()));

				assertThat(ended.get("ok").status()).isEqualTo("completed");
				assertThat(ended.get("ok").result()).isEqualTo("\"fine\"");
				assertFailed(ended.get("throws"), 3, "java.lang.IllegalStateException: boom");
				assertFailed(ended.get("error"), 3, "java.lang.StackOverflowError");
				assertFailed(ended.get("hangs"), 3,
						"visibility timeout of 5000 ms expired on attempt 3 of 3; not retried");
				assertFailed(ended.get("wrong type"), 1, "payload does not fit");
				assertFailed(ended.get("unknown kind"), 1, "no @JobHandler for kind 'nope' on queue '" + QUEUE + "'");
				assertFailed(ended.get("malformed JSON"), 1, "Malformed payload JSON");
				assertFailed(ended.get("hash missing"), 0, "job hash missing");
				assertThat(PoisonHandlers.hangs).hasValue(3);

				List<String> after = app.operations()
					.enqueueAll(QUEUE, IntStream.range(0, 50).mapToObj((i) -> Map.of("kind", "ok", "n", i)).toList());
				await("jobs after the poison ones").atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> after.stream()
						.allMatch((id) -> jobs.getJob(QUEUE, id)
							.map((job) -> job.status().equals("completed"))
							.orElse(false)));
				assertThat(app.bean(JobHandlerEndpointRegistry.class).isRunning()).isTrue();
				assertThat(app.bean("jobqueueHealthIndicator", HealthIndicator.class).health().getStatus())
					.isEqualTo(Status.UP);

				StringBuilder figures = new StringBuilder();
				ended.forEach((what, job) -> figures.append(String.format("%n  %-15s %-9s attempts=%d last_error=%s",
						what, job.status(), job.attempts(), job.lastError())));
				System.out
					.printf("RELIABILITY: poison jobs (starter workers, 6 threads, lease extension off): each ended "
							+ "in a defined state; 50 jobs enqueued after them all completed; the huge payload (100 KB > 64 KB) "
							+ "was refused at enqueue; 3 worker threads stayed blocked in the hanging handler; test %.1f s%s%n",
							(System.nanoTime() - started) / 1e9, figures);
			}
			finally {
				PoisonHandlers.release.countDown();
				app.admin().purge(QUEUE);
			}
		}
	}

	private static void assertFailed(JobRecord job, int attempts, String error) {
		assertThat(job.status()).as(job.id()).isEqualTo("failed");
		assertThat(job.attempts()).as(job.id()).isEqualTo(attempts);
		assertThat(job.lastError()).as(job.id()).contains(error);
	}

	/**
	 * Handlers that misbehave in every way a handler can.
	 */
	static class PoisonHandlers {

		static final CountDownLatch release = new CountDownLatch(1);

		static final AtomicInteger hangs = new AtomicInteger();

		@JobHandler(queue = "${poison.queue}", kind = "ok")
		String ok(Map<String, Object> payload) {
			return "fine";
		}

		@JobHandler(queue = "${poison.queue}", kind = "throws")
		void throwsAnException(Map<String, Object> payload) {
			throw new IllegalStateException("boom");
		}

		@JobHandler(queue = "${poison.queue}", kind = "error")
		void overflowsTheStack(Map<String, Object> payload) {
			recurse(0);
		}

		@JobHandler(queue = "${poison.queue}", kind = "hang")
		void hangs(Map<String, Object> payload) throws InterruptedException {
			hangs.incrementAndGet();
			release.await();
		}

		@JobHandler(queue = "${poison.queue}", kind = "typed")
		void typed(Counted payload) {
		}

		private static int recurse(int depth) {
			return recurse(depth + 1) + 1;
		}

	}

	/**
	 * A payload type whose count must be a number.
	 *
	 * @param kind the routing kind
	 * @param count a number
	 */
	record Counted(String kind, int count) {

	}

}
