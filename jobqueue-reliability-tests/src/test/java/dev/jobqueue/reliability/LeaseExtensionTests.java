package dev.jobqueue.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobqueue.JobQueueOperations;
import dev.jobqueue.JobRecord;
import dev.jobqueue.annotation.JobHandler;
import dev.jobqueue.test.RedisTestServers;
import dev.jobqueue.worker.JobContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 2 on the starter's workers: a handler stalls past the visibility timeout while
 * its JVM stays alive. Without lease extension the job is reclaimed and run again, and
 * the late first completion is rejected; with it (the default) the slow but healthy job
 * is never reclaimed.
 */
class LeaseExtensionTests {

	static final long STALL_MILLIS = 2500;

	@Test
	void withoutLeaseExtensionAStalledJobRunsAgainAndItsLateCompletionIsRejected() {
		Run run = run(false);

		assertThat(run.attempts()).containsExactly(1, 2);
		assertThat(run.job().status()).isEqualTo("completed");
		assertThat(run.job().result()).isEqualTo("\"attempt 2\"");
		assertThat(run.job().attempts()).isEqualTo(2);
		assertThat(run.job().fields()).containsKey("reclaimed_at_ms");
		System.out.printf(
				"RELIABILITY: handler stalled %d ms, visibility 1000 ms, lease extension off: reclaimed and "
						+ "run again (attempts %s); the stalled run's late completion was rejected, stored result %s%n",
				STALL_MILLIS, run.attempts(), run.job().result());
	}

	@Test
	void withLeaseExtensionASlowButHealthyJobIsNeverReclaimed() {
		Run run = run(true);

		assertThat(run.attempts()).containsExactly(1);
		assertThat(run.job().status()).isEqualTo("completed");
		assertThat(run.job().result()).isEqualTo("\"attempt 1\"");
		assertThat(run.job().fields()).doesNotContainKey("reclaimed_at_ms");
		System.out
			.printf("RELIABILITY: handler ran %d ms, visibility 1000 ms, lease extension on: never reclaimed, one "
					+ "execution, result %s%n", STALL_MILLIS, run.job().result());
	}

	private Run run(boolean leaseExtension) {
		String queue = "lease-" + leaseExtension + "-" + System.nanoTime();
		String q = "jobqueue.queues." + queue + ".";
		StallingHandler.attempts.clear();
		try (StarterApp app = StarterApp.start(List.of(StallingHandler.class),
				"spring.data.redis.url=" + RedisTestServers.shared().uri(), "lease.queue=" + queue, q + "concurrency=2",
				q + "visibility-timeout=1s", q + "lease-extension=" + leaseExtension, q + "reclaim-interval=200ms",
				q + "claim-timeout=200ms")) {
			JobQueueOperations jobs = app.operations();
			try {
				String id = app.operations().enqueue(queue, Map.of("work", "slow"));
				// done when the first (stalled) run has returned and the job is completed
				await("the job completed and the stalled run returned").atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> StallingHandler.returned.contains(id + "#1")
							&& jobs.getJob(queue, id).map((job) -> job.status().equals("completed")).orElse(false));
				// the stalled run's completion is recorded (or rejected) right after it
				// returns
				await("the stalled run's outcome is recorded").atMost(Duration.ofSeconds(30))
					.until(() -> app.bean(dev.jobqueue.worker.JobHandlerEndpointRegistry.class)
						.getContainers()
						.stream()
						.allMatch((container) -> container.getActiveCount() == 0));
				return new Run(List.copyOf(StallingHandler.attempts), jobs.getJob(queue, id).orElseThrow());
			}
			finally {
				app.admin().purge(queue);
			}
		}
	}

	/**
	 * What one run saw.
	 *
	 * @param attempts the attempt number of each execution, in order
	 * @param job the job at the end
	 */
	record Run(List<Integer> attempts, JobRecord job) {

	}

	/**
	 * Stalls on the first attempt, as a long GC pause or a network stall inside the
	 * handler would.
	 */
	static class StallingHandler {

		static final List<Integer> attempts = new CopyOnWriteArrayList<>();

		static final List<String> returned = new CopyOnWriteArrayList<>();

		@JobHandler(queue = "${lease.queue}")
		String run(Map<String, Object> payload, JobContext job) throws InterruptedException {
			attempts.add(job.attempt());
			if (job.attempt() == 1) {
				Thread.sleep(STALL_MILLIS);
			}
			returned.add(job.id() + "#" + job.attempt());
			return "attempt " + job.attempt();
		}

	}

}
