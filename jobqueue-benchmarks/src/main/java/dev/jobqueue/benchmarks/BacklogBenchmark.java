package dev.jobqueue.benchmarks;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.jobqueue.ClaimedJob;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.JobWorkerProtocol;
import dev.jobqueue.QueueKeys;
import dev.jobqueue.QueueSettings;
import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis cost of each operation on a big backlog, in one run on one private Redis:
 * {@code pending} jobs waiting (1,000,000) and {@code processing} jobs claimed and held
 * (10,000), then each operation run {@code ops} times (2000) with INFO commandstats reset
 * before it: µs of Redis time per script call (EVALSHA, which includes the commands the
 * script runs), for claims, completions and failures of a job at the newest end, the
 * oldest end and the middle of the processing list, lease extensions, sweeps that find
 * nothing, and the sweeps that return every held job once all their leases expired.
 * Prints bytes per pending job (used_memory delta over the enqueue) and per completed job
 * hash (MEMORY USAGE). Options ({@code --name=value}): {@code pending} (1000000),
 * {@code processing} (10000), {@code ops} (2000), {@code redis-server}. <pre>
 * java -jar jobqueue-benchmarks/target/jobqueue-benchmarks.jar --backlog
 * </pre>
 */
public final class BacklogBenchmark {

	private static final Duration VISIBILITY = Duration.ofMinutes(10);

	private final RedisCommands<String, String> redis;

	private final JobWorkerProtocol worker;

	private final QueueKeys keys;

	private final String queue;

	private BacklogBenchmark(RedisCommands<String, String> redis, JobWorkerProtocol worker, String queue) {
		this.redis = redis;
		this.worker = worker;
		this.queue = queue;
		this.keys = QueueSettings.defaults(queue).keys();
	}

	/**
	 * Runs the benchmark and prints one line per operation.
	 * @param args {@code --name=value} options
	 * @throws Exception when Redis fails
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			options.put(pair[0], (pair.length > 1) ? pair[1] : "true");
		}
		int pending = Integer.parseInt(options.getOrDefault("pending", "1000000"));
		int processing = Integer.parseInt(options.getOrDefault("processing", "10000"));
		int ops = Integer.parseInt(options.getOrDefault("ops", "2000"));
		OffsetClock clock = new OffsetClock();
		try (RedisServerProcess server = RedisServerLauncher
			.of(Path.of(options.getOrDefault("redis-server", "redis-server")))
			.name("backlog-benchmark-redis")
			.arguments("--maxmemory-policy", "noeviction")
			.start()) {
			RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", server.port()));
			factory.afterPropertiesSet();
			factory.start();
			JobQueueClients clients = JobQueueClients.builder(new StringRedisTemplate(factory))
				.settings((name) -> QueueSettings.defaults(name).withVisibilityTimeout(VISIBILITY))
				.clock(clock)
				.build();
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				RedisCommands<String, String> redis = connection.sync();
				System.out.printf(Locale.ROOT,
						"backlog benchmark: Redis %s, %,d pending, %,d processing, %,d calls per"
								+ " operation, %s, load %s%n",
						RedisProbe.parse(redis.info("server")).get("redis_version"), pending, processing, ops,
						Instant.now(), Machine.loadAverage());
				new BacklogBenchmark(redis, clients.workerProtocol(), "backlog").run(clients, clock, pending,
						processing, ops);
			}
			finally {
				clients.destroy();
				factory.destroy();
				client.shutdown();
			}
		}
	}

	private void run(JobQueueClients clients, OffsetClock clock, int pending, int processing, int ops) {
		long memoryBefore = usedMemory();
		JobqueueSubject.enqueueAll(clients.template(), this.queue, pending + processing + 4 * ops);
		long memoryAfter = usedMemory();
		System.out.printf(Locale.ROOT, "bytes per pending job: %.0f (used_memory delta over %,d jobs)%n",
				(memoryAfter - memoryBefore) / (double) (pending + processing + 4 * ops),
				pending + processing + 4 * ops);
		List<ClaimedJob> held = new ArrayList<>();
		while (held.size() < processing) {
			held.addAll(this.worker.claimAvailable(this.queue, Math.min(100, processing - held.size())));
		}
		// held.get(0) is at the oldest (right) end of processing
		int next = 0;

		List<ClaimedJob> fresh = new ArrayList<>();
		measure("claim (non-blocking, 1 job)", ops, () -> fresh.add(this.worker.claimAvailable(this.queue, 1).get(0)));
		measure("complete, job at the newest end", ops,
				() -> this.worker.complete(fresh.remove(fresh.size() - 1), "done"));
		measure("claim after BLMOVE (blocking claim)", ops,
				() -> fresh.add(this.worker.claim(this.queue, Duration.ofSeconds(1)).orElseThrow()));
		measure("fail (retry), job at the newest end", ops,
				() -> this.worker.fail(fresh.remove(fresh.size() - 1), "failed"));

		position("complete, job at the oldest end", held.get(next));
		for (int end = next + ops; next < end; next++) {
			ClaimedJob job = held.get(next);
			measureOne("complete, job at the oldest end", () -> this.worker.complete(job, "done"));
		}
		report("complete, job at the oldest end", ops);
		for (int end = next + ops; next < end; next++) {
			ClaimedJob job = held.get(next);
			measureOne("complete-and-claim, job at the oldest end",
					() -> fresh.addAll(this.worker.completeAndClaim(job, "done", 1).claimed()));
		}
		report("complete-and-claim, job at the oldest end", ops);
		for (int end = next + ops; next < end; next++) {
			ClaimedJob job = held.get(next);
			measureOne("fail (retry), job at the oldest end", () -> this.worker.fail(job, "failed"));
		}
		report("fail (retry), job at the oldest end", ops);
		int middle = next + (processing - next) / 2;
		position("complete, job in the middle", held.get(middle));
		for (int i = middle; i < middle + ops / 4; i++) {
			ClaimedJob job = held.get(i);
			measureOne("complete, job in the middle", () -> this.worker.complete(job, "done"));
		}
		report("complete, job in the middle", ops / 4);
		List<ClaimedJob> extended = held.subList(middle + ops / 4, middle + ops / 4 + 100);
		measure("extend leases, 100 jobs per call", ops / 20, () -> this.worker.extendLeases(extended));
		measure("sweep, nothing stale", 20, () -> clients.admin().reclaimStuck(this.queue));

		long finishedBytes = 0;
		List<String> completed = this.redis.lrange(this.keys.completed(), 0, 9);
		for (String id : completed) {
			finishedBytes += this.redis.memoryUsage(this.keys.job(id));
		}
		System.out.printf(Locale.ROOT, "bytes per completed job hash (result \"done\"): %d (MEMORY USAGE)%n",
				finishedBytes / Math.max(1, completed.size()));

		// every lease expires: the sweeps return every held job
		clock.advance(VISIBILITY.plusSeconds(1));
		long length = this.redis.llen(this.keys.processing());
		this.redis.configResetstat();
		int calls = 0;
		long reclaimed = 0;
		long worst = 0;
		while (this.redis.llen(this.keys.processing()) > 0 && calls < 10_000) {
			long before = evalshaMicros();
			reclaimed += clients.admin().reclaimStuck(this.queue).reclaimed().size();
			worst = Math.max(worst, evalshaMicros() - before);
			calls++;
		}
		System.out.printf(Locale.ROOT,
				"%-48s %8.1f µs per call, worst %,d µs; %,d jobs returned in %,d calls (from %,d processing)%n",
				"sweep, every lease expired", evalshaMicros() / (double) calls, worst, reclaimed, calls, length);
	}

	private void position(String label, ClaimedJob job) {
		Long index = this.redis.lpos(this.keys.processing(), job.id());
		long length = this.redis.llen(this.keys.processing());
		System.out.printf(Locale.ROOT, "  (%s: the first job is entry %,d of %,d from the newest end)%n", label,
				(index != null) ? index : -1, length);
	}

	private final Map<String, AtomicLong> started = new HashMap<>();

	private void measureOne(String label, Runnable operation) {
		if (this.started.putIfAbsent(label, new AtomicLong()) == null) {
			this.redis.configResetstat();
		}
		operation.run();
	}

	private void measure(String label, int count, Runnable operation) {
		this.redis.configResetstat();
		for (int i = 0; i < count; i++) {
			operation.run();
		}
		report(label, count);
	}

	private void report(String label, int count) {
		Map<String, long[]> stats = commandStats();
		long[] evalsha = stats.getOrDefault("evalsha", new long[] { 0, 0 });
		long[] blmove = stats.getOrDefault("blmove", new long[] { 0, 0 });
		System.out.printf(Locale.ROOT, "%-48s %8.1f µs per script call (%,d calls)%s%n", label,
				evalsha[1] / (double) Math.max(1, evalsha[0]), evalsha[0],
				(blmove[0] > 0) ? String.format(Locale.ROOT, ", BLMOVE %.1f µs", blmove[1] / (double) blmove[0]) : "");
		this.started.remove(label);
	}

	private long evalshaMicros() {
		return commandStats().getOrDefault("evalsha", new long[] { 0, 0 })[1];
	}

	private Map<String, long[]> commandStats() {
		Map<String, long[]> stats = new HashMap<>();
		RedisProbe.parse(this.redis.info("commandstats"))
			.forEach((key, value) -> stats.put(key.substring("cmdstat_".length()), RedisProbe.callsAndUsec(value)));
		return stats;
	}

	private long usedMemory() {
		return Long.parseLong(RedisProbe.parse(this.redis.info("memory")).get("used_memory"));
	}

	/**
	 * The system clock plus an offset, to let leases expire without waiting.
	 */
	private static final class OffsetClock extends Clock {

		private final AtomicLong offset = new AtomicLong();

		void advance(Duration duration) {
			this.offset.addAndGet(duration.toMillis());
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public long millis() {
			return System.currentTimeMillis() + this.offset.get();
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(millis());
		}

	}

}
