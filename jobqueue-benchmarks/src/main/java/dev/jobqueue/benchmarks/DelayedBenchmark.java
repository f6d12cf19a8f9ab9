package dev.jobqueue.benchmarks;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;
import dev.jobqueue.scheduling.DelayedJobPromoter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Delayed jobs at scale, on one private Redis, with the core API and the starter's
 * {@link DelayedJobPromoter}:
 * <ul>
 * <li><b>promotion</b>: N delayed jobs (1,000,000 by default) enqueued in batches of
 * 1000, all due at one instant; Redis memory per delayed job ({@code used_memory} after
 * minus before, over N); then several promoters, each with its own connection as an
 * application instance has, move them to pending at once, timed until pending holds N;
 * pending must then hold every enqueued id exactly once and the delayed set nothing. The
 * jobs are due an hour after the enqueue and the promoters' clock runs an hour ahead, so
 * however long a loaded machine takes to enqueue, none is due before the clock starts.
 * <li><b>lateness</b>: jobs enqueued one by one with a random delay of 0.1 to 5 s to idle
 * workers (one promoter, as in one application); per job, its handler's start minus its
 * due time, on the same wall clock that decided the due time; a warm-up round on a fifth
 * of the jobs, then the measured rounds.
 * </ul>
 * Options ({@code --name=value}): {@code delayed-jobs} (1000000), {@code promoters} (4),
 * {@code lateness-jobs} (1000), {@code lateness-rounds} (3), {@code workers} (8),
 * {@code parts} ({@code promotion,lateness}), {@code redis-server}. <pre>
 * java -jar jobqueue-benchmarks/target/jobqueue-benchmarks.jar --delayed --delayed-jobs=1000000 --promoters=4
 * </pre>
 */
public final class DelayedBenchmark {

	private static final JsonMapper MAPPER = new JsonMapper();

	private static final Duration AHEAD = Duration.ofHours(1);

	private static final Duration TIMEOUT = Duration.ofMinutes(20);

	private DelayedBenchmark() {
	}

	/**
	 * Runs the benchmark and prints its figures.
	 * @param args {@code --name=value} options
	 * @throws Exception when Redis fails or a check does not hold
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			options.put(pair[0], (pair.length > 1) ? pair[1] : "true");
		}
		String parts = options.getOrDefault("parts", "promotion,lateness");
		try (RedisServerProcess redis = RedisServerLauncher
			.of(Path.of(options.getOrDefault("redis-server", "redis-server")))
			.name("delayed-benchmark-redis")
			.arguments("--maxmemory-policy", "noeviction")
			.start(); RedisProbe probe = new RedisProbe(redis.port())) {
			System.out.println("Redis " + probe.version() + ", " + Runtime.getRuntime().availableProcessors()
					+ " cores, load average " + Machine.loadAverage() + " at the start");
			if (parts.contains("promotion")) {
				promotion(redis.port(), probe, Integer.parseInt(options.getOrDefault("delayed-jobs", "1000000")),
						Integer.parseInt(options.getOrDefault("promoters", "4")));
			}
			if (parts.contains("lateness")) {
				lateness(redis.port(), Integer.parseInt(options.getOrDefault("lateness-jobs", "1000")),
						Integer.parseInt(options.getOrDefault("workers", "8")),
						Integer.parseInt(options.getOrDefault("lateness-rounds", "3")));
			}
		}
	}

	private static void promotion(int port, RedisProbe probe, int jobs, int promoters) throws Exception {
		String queue = "delayed-promotion";
		probe.flushAll();
		Instant due = Instant.now().plus(AHEAD);
		Set<String> enqueued = new HashSet<>(jobs * 2);
		QueueKeys keys;
		long memoryBefore = probe.usedMemory();
		long enqueueStart = System.nanoTime();
		try (Instance producer = new Instance(port, Clock.systemUTC())) {
			keys = producer.clients.workerProtocol().settings(queue).keys();
			List<Object> batch = new ArrayList<>(1000);
			for (int i = 0; i < 1000; i++) {
				batch.add(Map.of("n", i));
			}
			for (int from = 0; from < jobs; from += 1000) {
				List<Object> payloads = (jobs - from >= 1000) ? batch : batch.subList(0, jobs - from);
				enqueued.addAll(producer.clients.template().enqueueAll(queue, payloads, JobOptions.runAt(due)));
			}
		}
		double enqueueSeconds = (System.nanoTime() - enqueueStart) / 1e9;
		long memoryAfter = probe.usedMemory();
		System.out.printf(Locale.ROOT,
				"promotion: %,d delayed jobs enqueued in %.1f s (%,.0f jobs/s), %.1f bytes of used_memory per delayed "
						+ "job (%,d -> %,d), load %s%n",
				jobs, enqueueSeconds, jobs / enqueueSeconds, (memoryAfter - memoryBefore) / (double) jobs, memoryBefore,
				memoryAfter, Machine.loadAverage());

		// an hour and a minute ahead: every job is due for the promoters
		Clock ahead = Clock.offset(Clock.systemUTC(), AHEAD.plusMinutes(1));
		List<Instance> instances = new ArrayList<>();
		for (int i = 0; i < promoters; i++) {
			instances.add(new Instance(port, ahead));
		}
		probe.resetStats();
		long cpuBefore = probe.cpuMicros();
		StringRedisTemplate redis = instances.get(0).redis;
		List<DelayedJobPromoter> running = new ArrayList<>();
		long start = System.nanoTime();
		long deadline = start + TIMEOUT.toNanos();
		long pending;
		try {
			for (Instance instance : instances) {
				DelayedJobPromoter promoter = new DelayedJobPromoter(instance.clients.workerProtocol(),
						() -> List.of(queue), instance.factory, ahead, Duration.ofSeconds(10));
				promoter.start();
				running.add(promoter);
			}
			while ((pending = size(redis, keys.pending())) < jobs) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("only " + pending + " of " + jobs + " promoted in " + TIMEOUT);
				}
				Thread.sleep(5);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			double cpu = (probe.cpuMicros() - cpuBefore) / (double) jobs;
			long[] evalsha = probe.commandStats().getOrDefault("evalsha", new long[] { 0, 0 });
			System.out.printf(Locale.ROOT,
					"promotion: %,d due jobs moved to pending by %d promoters in %.2f s: %,.0f jobs/s, %.1f µs Redis "
							+ "CPU per job, %d promotion scripts, load %s%n",
					jobs, promoters, seconds, jobs / seconds, cpu, evalsha[0], Machine.loadAverage());
		}
		finally {
			running.forEach(DelayedJobPromoter::stop);
		}
		// no duplicates, no losses: pending is exactly the set of enqueued ids
		Set<String> promoted = new HashSet<>(jobs * 2);
		long length = size(redis, keys.pending());
		for (long from = 0; from < length; from += 10_000) {
			List<String> ids = redis.opsForList().range(keys.pending(), from, from + 9_999);
			promoted.addAll((ids != null) ? ids : List.of());
		}
		Long left = redis.opsForZSet().zCard(keys.delayed());
		long failed = size(redis, keys.failed());
		for (Instance instance : instances) {
			instance.close();
		}
		System.out.printf(Locale.ROOT,
				"promotion check: pending length %,d, distinct ids %,d, equal to the enqueued ids: %s; %d left delayed, "
						+ "%d failed%n",
				length, promoted.size(), promoted.equals(enqueued), left, failed);
		if (length != jobs || !promoted.equals(enqueued) || (left != null && left != 0) || failed != 0) {
			throw new IllegalStateException("promotion lost or duplicated jobs");
		}
	}

	private static void lateness(int port, int jobs, int workers, int rounds) throws Exception {
		try (Instance instance = new Instance(port, Clock.systemUTC())) {
			DelayedJobPromoter promoter = new DelayedJobPromoter(instance.clients.workerProtocol(),
					() -> List.of("delayed-lateness"), instance.factory, Clock.systemUTC(), Duration.ofSeconds(10));
			promoter.start();
			try {
				// round 0 warms the JIT up on a fifth of the jobs and is not counted
				for (int round = 0; round <= rounds; round++) {
					latenessRound(instance, (round == 0) ? Math.max(100, jobs / 5) : jobs, workers,
							(round == 0) ? "warm-up (not counted)" : "round " + round + "/" + rounds);
				}
			}
			finally {
				promoter.stop();
			}
		}
	}

	private static void latenessRound(Instance instance, int jobs, int workers, String label) throws Exception {
		String queue = "delayed-lateness";
		double[] late = new double[jobs];
		long[] dueOffset = new long[jobs];
		Arrays.fill(late, Double.NaN);
		try (CoreWorkers pool = new CoreWorkers(instance.clients.workerProtocol(), queue, workers, jobs, true,
				(job) -> {
					long now = System.currentTimeMillis();
					Due payload = MAPPER.readValue(job.payload(), Due.class);
					late[payload.seq()] = now - payload.due();
				})) {
			pool.start();
			// the workers are idle and blocked on pending before the first job is due
			Thread.sleep(1000);
			String load = Machine.loadAverage();
			long start = System.nanoTime();
			long startMillis = System.currentTimeMillis();
			for (int seq = 0; seq < jobs; seq++) {
				long due = System.currentTimeMillis() + ThreadLocalRandom.current().nextLong(100, 5001);
				dueOffset[seq] = due - startMillis;
				instance.clients.template()
					.enqueue(queue, new Due(seq, due), JobOptions.runAt(Instant.ofEpochMilli(due)));
			}
			double enqueueSeconds = (System.nanoTime() - start) / 1e9;
			pool.awaitFinished(TIMEOUT);
			double[] sorted = Arrays.stream(late).sorted().toArray();
			double[] firstSecond = IntStream.range(0, jobs)
				.filter((i) -> dueOffset[i] < 1000)
				.mapToDouble((i) -> late[i])
				.sorted()
				.toArray();
			System.out.printf(Locale.ROOT,
					"lateness %s: %,d jobs, random delays 0.1-5 s (enqueued one by one in %.1f s), %d idle workers, "
							+ "1 promoter: handler start minus due time p50 %.0f ms, p99 %.0f ms, max %.0f ms "
							+ "(jobs due in the first second, %d: p99 %.0f ms); load %s before, %s after%n",
					label, jobs, enqueueSeconds, workers, percentile(sorted, 0.50), percentile(sorted, 0.99),
					sorted[sorted.length - 1], firstSecond.length,
					(firstSecond.length > 0) ? percentile(firstSecond, 0.99) : Double.NaN, load, Machine.loadAverage());
		}
	}

	private static double percentile(double[] sorted, double p) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
	}

	private static long size(StringRedisTemplate redis, String list) {
		Long size = redis.opsForList().size(list);
		return (size != null) ? size : 0;
	}

	/**
	 * The lateness payload: its sequence number and its due time, epoch milliseconds.
	 */
	record Due(int seq, long due) {
	}

	/**
	 * One application instance: its own connection factory and clients.
	 */
	private static final class Instance implements AutoCloseable {

		final LettuceConnectionFactory factory;

		final StringRedisTemplate redis;

		final JobQueueClients clients;

		Instance(int port, Clock clock) {
			this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
			this.factory.afterPropertiesSet();
			this.factory.start();
			this.redis = new StringRedisTemplate(this.factory);
			this.clients = JobQueueClients.builder(this.redis).clock(clock).build();
		}

		@Override
		public void close() {
			this.clients.destroy();
			this.factory.destroy();
		}

	}

}
