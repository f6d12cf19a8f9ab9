package dev.jobqueue.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import dev.jobqueue.JobQueueAdmin;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.QueueStats;
import dev.jobqueue.test.RedisServerOptions;
import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 1: worker JVMs killed with SIGKILL while they drain thousands of jobs. A
 * producer enqueues at a steady rate while the test kills one worker every few seconds
 * and starts a replacement, until it has killed {@link #KILLS} (however long a loaded
 * machine takes to start replacements); the workers' own sweepers return the dead
 * workers' jobs to pending.
 */
class WorkerCrashTests {

	static final int WORKERS = 3;

	static final int THREADS = 4;

	/**
	 * Long enough that a live worker starved of CPU on a loaded machine keeps its leases
	 * (extended every third of it): then the only jobs run twice are those in flight at a
	 * kill. 10 s was once too short at a load average of 35 on two cores: a live worker
	 * lost a lease and its job ran twice.
	 */
	static final Duration VISIBILITY = Duration.ofSeconds(30);

	/** The chaos phase lasts at least this long and until {@link #KILLS} kills. */
	static final Duration CHAOS = Duration.ofSeconds(20);

	static final int KILLS = 6;

	/**
	 * How long the chaos phase may take to reach {@link #KILLS} kills on a machine so
	 * loaded that replacement workers start slowly.
	 */
	static final Duration CHAOS_BOUND = Duration.ofMinutes(5);

	static final Duration KILL_EVERY = Duration.ofMillis(2500);

	static final int JOBS_PER_TICK = 20;

	/** The producer skips a tick while this many jobs are pending. */
	static final long MAX_BACKLOG = 2_000;

	static final Duration DRAIN_STALL = Duration.ofSeconds(90);

	static final Duration DRAIN_BOUND = Duration.ofMinutes(10);

	static final Duration TICK = Duration.ofMillis(100);

	/** Each job works this long plus up to as much again at random. */
	static final long WORK_MILLIS = 20;

	@ParameterizedTest
	@EnumSource(WorkerKind.class)
	void killingWorkerJvmsLosesNoJobAndRunsAgainOnlyTheJobsInFlightAtAKill(WorkerKind kind) {
		long started = System.nanoTime();
		String queue = "crash-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + ProcessHandle.current().pid();
		QueueKeys keys = CoreWorkerMain.settings(queue, VISIBILITY).keys();
		Path dir = RedisNodes.newDirectory("worker-crash");
		try (RedisTestServer server = RedisTestServers.startOwned(RedisServerOptions.defaults())) {
			LettuceConnectionFactory factory = server.newConnectionFactory();
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			JobQueueClients jobs = JobQueueClients.builder(redis)
				.settings((name) -> CoreWorkerMain.settings(name, VISIBILITY))
				.build();
			List<String> workerArgs = kind.args(server.port(), queue);
			List<WorkerProcess> live = new ArrayList<>();
			List<WorkerProcess> all = new ArrayList<>();
			Set<String> killed = new HashSet<>();
			try {
				for (int i = 0; i < WORKERS; i++) {
					WorkerProcess worker = WorkerProcess.start(dir, "worker-" + all.size(), kind.mainClass, workerArgs);
					live.add(worker);
					all.add(worker);
				}
				await("workers ready").atMost(Duration.ofMinutes(3))
					.until(() -> live.stream().allMatch(WorkerProcess::isReady));

				List<String> enqueued = new ArrayList<>();
				long chaosStart = System.nanoTime();
				long nextTick = chaosStart;
				long nextKill = chaosStart + KILL_EVERY.toNanos();
				long lastKill = chaosStart;
				int sequence = 0;
				// a loaded machine starts replacements slowly: the phase runs until it
				// has
				// killed KILLS workers rather than for a fixed time
				while (System.nanoTime() - chaosStart < CHAOS.toNanos() || killed.size() < KILLS) {
					assertThat(System.nanoTime() - chaosStart)
						.as("%d kills within %s (killed %d)", KILLS, CHAOS_BOUND, killed.size())
						.isLessThan(CHAOS_BOUND.toNanos());
					// a capped backlog keeps the workers busy without piling up more work
					// than a loaded machine drains in reasonable time
					if (jobs.admin().stats(queue).pendingDepth() < MAX_BACKLOG) {
						int from = sequence;
						enqueued.addAll(jobs.template()
							.enqueueAll(queue, IntStream.range(from, from + JOBS_PER_TICK).boxed().toList()));
						sequence += JOBS_PER_TICK;
					}
					// kill half a tick after the enqueue, when the victim is busy running
					// jobs rather than blocked waiting for them
					InProcessWorkers
						.sleep(Math.max(0, (nextTick + TICK.toNanos() / 2 - System.nanoTime()) / 1_000_000));
					// the victim is the longest-running worker that has started; none yet
					// means no kill this tick
					WorkerProcess victim = (System.nanoTime() >= nextKill)
							? live.stream().filter(WorkerProcess::isReady).findFirst().orElse(null) : null;
					if (victim != null) {
						live.remove(victim);
						victim.kill(Duration.ofSeconds(10));
						killed.add(String.valueOf(victim.pid()));
						lastKill = System.nanoTime();
						WorkerProcess replacement = WorkerProcess.start(dir, "worker-" + all.size(), kind.mainClass,
								workerArgs);
						live.add(replacement);
						all.add(replacement);
						// the next kill comes KILL_EVERY after this one, however late
						nextKill = lastKill + KILL_EVERY.toNanos();
					}
					// a late tick is not made up with a burst: the rate stays steady
					nextTick = Math.max(nextTick + TICK.toNanos(), System.nanoTime());
					InProcessWorkers.sleep(Math.max(0, (nextTick - System.nanoTime()) / 1_000_000));
				}
				// the stall check below must not count a replacement's start-up on a
				// loaded
				// machine as a stall
				await("replacement workers ready").atMost(Duration.ofMinutes(3))
					.until(() -> live.stream().allMatch(WorkerProcess::isReady));
				awaitDrained(jobs.admin(), queue);
				double drainedAfterLastKill = (System.nanoTime() - lastKill) / 1e9;

				JobLedger ledger = JobLedger.read(redis, keys, enqueued, CoreWorkerMain.runsKey(queue));
				Set<String> done = new HashSet<>(redis.opsForList().range(CoreWorkerMain.doneKey(queue), 0, -1));
				int inFlightAtKills = 0;
				for (Map.Entry<String, List<String>> entry : ledger.executions().entrySet()) {
					for (String pid : entry.getValue()) {
						if (killed.contains(pid) && !done.contains(entry.getKey() + " " + pid)) {
							inFlightAtKills++;
						}
					}
				}
				System.out.printf(
						"RELIABILITY: worker SIGKILL (%s): jobs=%d workers=%d x %d threads kills=%d lost=%d duplicates=%d "
								+ "(in flight at the kills=%d, bound kills x threads=%d) reclaimed=%d drained %.1f s after the "
								+ "last kill; test %.1f s%n",
						kind.description, enqueued.size(), WORKERS, THREADS, killed.size(),
						ledger.notCompleted().size(), ledger.duplicates(), inFlightAtKills, killed.size() * THREADS,
						ledger.reclaimed(), drainedAfterLastKill, (System.nanoTime() - started) / 1e9);

				assertThat(killed).hasSizeGreaterThanOrEqualTo(KILLS);
				assertThat(ledger.notCompleted()).as("jobs not completed").isEmpty();
				assertThat(ledger.neverRun()).isZero();
				assertThat(ledger.duplicates()).isLessThanOrEqualTo(inFlightAtKills);
				assertThat(inFlightAtKills).isLessThanOrEqualTo(killed.size() * THREADS);
				ledger.duplicated()
					.forEach((id, runs) -> assertThat(runs.subList(0, runs.size() - 1))
						.as("earlier runs of %s were cut short by a kill", id)
						.allMatch(killed::contains));
				assertThat(ledger.reclaimed()).as("jobs the sweepers returned from killed workers").isPositive();
				assertThat(jobs.admin().stats(queue).processingDepth()).isZero();
				assertThat(all.stream().filter((w) -> !killed.contains(String.valueOf(w.pid()))))
					.allMatch(WorkerProcess::isAlive);
			}
			finally {
				live.forEach((worker) -> worker.kill(Duration.ofSeconds(10)));
				jobs.destroy();
				factory.destroy();
			}
		}
	}

	/**
	 * Waits until nothing is pending or processing. A loaded machine drains slowly, so
	 * this fails only when the queue stops shrinking for {@link #DRAIN_STALL}, or after
	 * {@link #DRAIN_BOUND} in all.
	 */
	private static void awaitDrained(JobQueueAdmin jobs, String queue) {
		long start = System.nanoTime();
		long fewest = Long.MAX_VALUE;
		long shrunkAt = start;
		while (true) {
			QueueStats stats = jobs.stats(queue);
			long left = stats.pendingDepth() + stats.processingDepth();
			if (left == 0) {
				return;
			}
			long now = System.nanoTime();
			if (left < fewest) {
				fewest = left;
				shrunkAt = now;
			}
			assertThat(now - shrunkAt).as("the queue stopped shrinking: %s", stats).isLessThan(DRAIN_STALL.toNanos());
			assertThat(now - start).as("the queue did not drain: %s", stats).isLessThan(DRAIN_BOUND.toNanos());
			InProcessWorkers.sleep(100);
		}
	}

	/**
	 * The worker programs the scenario runs: one on the core API, one a Spring Boot
	 * application on the starter with a {@code @JobHandler}.
	 */
	enum WorkerKind {

		CORE(CoreWorkerMain.class, "core API workers") {
			@Override
			List<String> args(int port, String queue) {
				return List.of(String.valueOf(port), queue, String.valueOf(THREADS),
						String.valueOf(VISIBILITY.toMillis()), String.valueOf(WORK_MILLIS));
			}
		},

		STARTER(StarterWorkerMain.class, "Spring Boot apps on the starter, @JobHandler") {
			@Override
			List<String> args(int port, String queue) {
				return List.of("--spring.data.redis.port=" + port, "--crash.queue=" + queue,
						"--crash.work-ms=" + WORK_MILLIS, "--jobqueue.concurrency=" + THREADS,
						"--jobqueue.visibility-timeout=" + VISIBILITY.toMillis() + "ms", "--jobqueue.max-attempts=5",
						"--jobqueue.reclaim-interval=500ms", "--jobqueue.claim-timeout=500ms",
						"--jobqueue.finished-ttl=3600", "--spring.main.banner-mode=off", "--logging.level.root=WARN");
			}
		};

		final Class<?> mainClass;

		final String description;

		WorkerKind(Class<?> mainClass, String description) {
			this.mainClass = mainClass;
			this.description = description;
		}

		abstract List<String> args(int port, String queue);

	}

}
