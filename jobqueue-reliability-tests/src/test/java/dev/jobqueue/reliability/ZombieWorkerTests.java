package dev.jobqueue.reliability;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 2: a worker JVM that stays alive but stops (frozen with SIGSTOP, as in a long
 * GC pause or a network stall) past the visibility timeout loses its job to another
 * worker, and its late complete is rejected; a slow but healthy worker that extends its
 * lease keeps its job.
 */
class ZombieWorkerTests {

	static final Duration VISIBILITY = Duration.ofSeconds(1);

	RedisTestServer server;

	LettuceConnectionFactory factory;

	StringRedisTemplate redis;

	JobQueueClients jobs;

	String queue;

	@BeforeEach
	void start() {
		this.server = RedisTestServers.startOwned(RedisServerOptions.defaults());
		this.factory = this.server.newConnectionFactory();
		this.redis = new StringRedisTemplate(this.factory);
		this.jobs = JobQueueClients.builder(this.redis)
			.settings((name) -> CoreWorkerMain.settings(name, VISIBILITY))
			.build();
		this.queue = "zombie-" + System.nanoTime();
	}

	@AfterEach
	void stop() {
		this.jobs.destroy();
		this.factory.destroy();
		this.server.close();
	}

	@Test
	void aFrozenWorkerLosesItsJobToAnotherAndItsLateCompleteIsRejected() {
		WorkerProcess zombie = startWorker("zombie", 1500);
		try {
			String id = this.jobs.template().enqueue(this.queue, "work");
			await("the worker runs the job").atMost(Duration.ofSeconds(30))
				.until(() -> runs().contains(id + " " + zombie.pid()));
			zombie.freeze();
			long frozen = System.nanoTime();
			await("a sweep reclaims the job").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> this.jobs.admin().reclaimStuck(this.queue).reclaimed().contains(id));
			double reclaimedAfter = (System.nanoTime() - frozen) / 1e9;
			ClaimedJob second = this.jobs.workerProtocol().claimAvailable(this.queue, 1).get(0);
			assertThat(this.jobs.workerProtocol().complete(second, Map.of("by", "second"))).isTrue();

			zombie.thaw();
			await("the zombie tries to complete").atMost(Duration.ofSeconds(30))
				.until(() -> zombie.output().contains("CLAIM LOST " + id));

			Map<Object, Object> hash = this.redis.opsForHash()
				.entries(this.jobs.admin().settings(this.queue).keys().job(id));
			assertThat(hash).containsEntry("status", "completed")
				.containsEntry("result", "{\"by\":\"second\"}")
				.containsEntry("attempts", "2");
			assertThat(done()).isEmpty();
			System.out.printf("RELIABILITY: zombie worker (JVM frozen with SIGSTOP mid-job, visibility %d ms): job "
					+ "reclaimed %.2f s after the freeze, run again; the zombie's late complete was rejected and the "
					+ "stored result is the second run's%n", VISIBILITY.toMillis(), reclaimedAfter);
		}
		finally {
			zombie.kill(Duration.ofSeconds(10));
		}
	}

	@Test
	void aSlowButHealthyWorkerThatExtendsItsLeaseKeepsItsJob() {
		WorkerProcess slow = startWorker("slow", 2500);
		try {
			long started = System.nanoTime();
			String id = this.jobs.template().enqueue(this.queue, "long work");
			List<String> reclaimed = new ArrayList<>();
			await("the job completes").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
				reclaimed.addAll(this.jobs.admin().reclaimStuck(this.queue).reclaimed());
				return done().contains(id + " " + slow.pid());
			});
			double took = (System.nanoTime() - started) / 1e9;

			Map<Object, Object> hash = this.redis.opsForHash()
				.entries(this.jobs.admin().settings(this.queue).keys().job(id));
			assertThat(reclaimed).isEmpty();
			assertThat(hash).containsEntry("status", "completed")
				.containsEntry("attempts", "1")
				.doesNotContainKey("reclaimed_at_ms");
			assertThat(runs()).containsExactly(id + " " + slow.pid());
			assertThat(took).isGreaterThan(2.5 * VISIBILITY.toSeconds());
			System.out.printf(
					"RELIABILITY: lease extension: a job running %.1f s (%.1f x the visibility timeout) was "
							+ "swept every 100 ms and never reclaimed; one execution%n",
					took, took / VISIBILITY.toSeconds());
		}
		finally {
			slow.kill(Duration.ofSeconds(10));
		}
	}

	private WorkerProcess startWorker(String name, long workMillis) {
		Path dir = RedisNodes.newDirectory(name);
		WorkerProcess worker = WorkerProcess.start(dir, name, CoreWorkerMain.class,
				List.of(String.valueOf(this.server.port()), this.queue, "1", String.valueOf(VISIBILITY.toMillis()),
						String.valueOf(workMillis)));
		await(name + " ready").atMost(Duration.ofMinutes(3)).until(worker::isReady);
		return worker;
	}

	private List<String> runs() {
		return this.redis.opsForList().range(CoreWorkerMain.runsKey(this.queue), 0, -1);
	}

	private List<String> done() {
		return this.redis.opsForList().range(CoreWorkerMain.doneKey(this.queue), 0, -1);
	}

}
