package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, defect 4: two applications on one queue with different settings. The lease
 * belongs to the job, so the application with the short visibility timeout never sweeps a
 * job the other one is still running, and no job ends failed for a timeout it never had.
 */
class LeaseOwnershipTests {

	static final String QUEUE = "lease-owner-" + ProcessHandle.current().pid();

	@Test
	void aSweeperWithShorterSettingsNeverTakesJobsAnotherApplicationIsRunning() {
		long started = System.nanoTime();
		try (StarterApp shortApp = start("2s", 2); StarterApp longApp = start("30s", 5)) {
			JobQueueOperations jobs = shortApp.operations();
			List<String> ids = longApp.operations()
				.enqueueAll(QUEUE, IntStream.range(0, 20).mapToObj((i) -> Map.of("kind", "slow", "n", i)).toList());

			await("every job finished").atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> ids.stream().allMatch((id) -> {
					String status = jobs.getJob(QUEUE, id).map(JobRecord::status).orElse("missing");
					return status.equals("completed") || status.equals("failed");
				}));
			long failed = ids.stream()
				.filter((id) -> jobs.getJob(QUEUE, id).orElseThrow().status().equals("failed"))
				.count();
			int reruns = ids.stream().mapToInt((id) -> Math.max(0, Slow.runs(id) - 1)).sum();
			System.out.printf(
					"RELIABILITY: two applications on one queue (visibility 2 s / max-attempts 2 and "
							+ "30 s / 5, lease extension on, 3 s jobs): jobs 20, failed %d, run again %d, reclaimed by "
							+ "a sweep %d; test %.1f s%n",
					failed, reruns,
					shortApp.admin().counters(QUEUE).reclaimed() + longApp.admin().counters(QUEUE).reclaimed(),
					(System.nanoTime() - started) / 1e9);
			assertThat(failed).isZero();
			assertThat(reruns).isZero();
		}
	}

	private static StarterApp start(String visibility, int maxAttempts) {
		String q = "jobqueue.queues." + QUEUE + ".";
		return StarterApp.start(List.of(Slow.class), "spring.data.redis.url=" + RedisTestServers.shared().uri(),
				"lease.owner.queue=" + QUEUE, q + "concurrency=4", q + "visibility-timeout=" + visibility,
				q + "max-attempts=" + maxAttempts, q + "lease-extension=true", q + "reclaim-interval=200ms",
				q + "claim-timeout=200ms", q + "finished-ttl=1h");
	}

	/**
	 * A 3-second job that counts its runs.
	 */
	static class Slow {

		static final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

		static int runs(String id) {
			AtomicInteger count = runs.get(id);
			return (count != null) ? count.get() : 0;
		}

		@JobHandler(queue = "${lease.owner.queue}", kind = "slow")
		void slow(Map<String, Object> payload, dev.jobqueue.worker.JobContext context) throws InterruptedException {
			runs.computeIfAbsent(context.id(), (k) -> new AtomicInteger()).incrementAndGet();
			Thread.sleep(3000);
		}

	}

}
