package dev.jobqueue.benchmarks;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.jobqueue.JobQueueClients;
import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;
import dev.jobqueue.worker.ClaimMode;
import dev.jobqueue.worker.JobHandlerEndpoint;
import dev.jobqueue.worker.JobWorkerContainer;
import dev.jobqueue.worker.JobWorkerContainerFactory;
import dev.jobqueue.worker.JobWorkerSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Many idle queues, in one run on one private Redis, for each claim mode in turn
 * ({@code blocking}, then {@code shared}): an application with {@code queues} queues of
 * {@code concurrency} workers each, started and left idle; then the threads of the JVM
 * and of the claim side, the application's connections to Redis, the commands per second
 * and Redis CPU while every queue is empty, and the time from enqueue to handler start of
 * {@code jobs} jobs sent at about {@code rate} jobs/s, each to a queue picked at random,
 * half with our producer and half as a reference helper does (HSET, then LPUSH, in one
 * MULTI). Options ({@code --name=value}): {@code queues} (200), {@code concurrency} (4),
 * {@code jobs} (2000), {@code rate} (200), {@code idle-seconds} (5), {@code modes}
 * (blocking,shared), {@code redis-server}. <pre>
 * java -jar jobqueue-benchmarks/target/jobqueue-benchmarks.jar --many-queues
 * </pre>
 */
public final class ManyQueuesBenchmark {

	private ManyQueuesBenchmark() {
	}

	/**
	 * Runs the benchmark and prints a Markdown table.
	 * @param args {@code --name=value} options
	 * @throws Exception when Redis or a run fails
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			options.put(pair[0], (pair.length > 1) ? pair[1] : "true");
		}
		int queues = Integer.parseInt(options.getOrDefault("queues", "200"));
		int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "4"));
		int jobs = Integer.parseInt(options.getOrDefault("jobs", "2000"));
		int rate = Integer.parseInt(options.getOrDefault("rate", "200"));
		int idleSeconds = Integer.parseInt(options.getOrDefault("idle-seconds", "5"));
		List<ClaimMode> modes = Arrays.stream(options.getOrDefault("modes", "blocking,shared").split(","))
			.map((mode) -> ClaimMode.valueOf(mode.trim().toUpperCase(Locale.ROOT)))
			.toList();
		System.out.println("Command: `java -jar jobqueue-benchmarks/target/jobqueue-benchmarks.jar "
				+ String.join(" ", args) + "`; " + Runtime.getRuntime().availableProcessors()
				+ " cores; load average at the start " + Machine.loadAverage());
		List<String> rows = new ArrayList<>();
		try (RedisServerProcess redis = RedisServerLauncher
			.of(Path.of(options.getOrDefault("redis-server", "redis-server")))
			.name("many-queues-benchmark-redis")
			.arguments("--maxmemory-policy", "noeviction")
			.start()) {
			RedisClient adminClient = RedisClient.create("redis://127.0.0.1:" + redis.port());
			try (StatefulRedisConnection<String, String> admin = adminClient.connect()) {
				for (ClaimMode mode : modes) {
					admin.sync().flushall();
					rows.add(run(redis.port(), admin.sync(), mode, queues, concurrency, jobs, rate, idleSeconds));
				}
			}
			finally {
				adminClient.shutdown();
			}
		}
		System.out.println();
		System.out.println("| claim mode | JVM threads | claim-side threads | connections | idle commands/s "
				+ "| idle Redis CPU | enqueue to start p50 | p99 | max |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		rows.forEach(System.out::println);
		System.out.println("Finished, load average " + Machine.loadAverage() + " (1, 5, 15 min).");
	}

	private static String run(int port, RedisCommands<String, String> admin, ClaimMode mode, int queues,
			int concurrency, int jobs, int rate, int idleSeconds) throws Exception {
		int threadsBefore = Thread.getAllStackTraces().size();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		JobQueueClients clients = JobQueueClients.builder(new StringRedisTemplate(factory)).build();
		String prefix = "many-" + mode.name().toLowerCase(Locale.ROOT) + "-";
		Starts starts = new Starts(jobs);
		JobWorkerContainerFactory containers = new JobWorkerContainerFactory(clients.workerProtocol());
		containers.setClaimMode(mode);
		containers.setSettings((name) -> new JobWorkerSettings(concurrency, JobWorkerSettings.DEFAULT_CLAIM_TIMEOUT,
				Duration.ofSeconds(2), true, true));
		Method handle = Starts.class.getMethod("handle", Map.class);
		List<JobWorkerContainer> started = new ArrayList<>();
		try {
			for (int i = 0; i < queues; i++) {
				JobWorkerContainer container = containers.createContainer(prefix + i,
						List.of(new JobHandlerEndpoint("start-" + i, prefix + i, null, starts, handle, null, null)));
				container.start();
				started.add(container);
			}
			// settle: the first claims, JIT, subscriptions
			Thread.sleep(2000);
			int jvmThreads = Thread.getAllStackTraces().size();
			long claimSide = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.map(Thread::getName)
				.filter((name) -> name.startsWith("jobqueue-") && !name.contains("-worker-"))
				.count();
			long connections = infoLong(admin.info("clients"), "connected_clients") - 1;
			long callsBefore = calls(admin.info("commandstats"));
			double cpuBefore = cpu(admin.info("cpu"));
			long idleStart = System.nanoTime();
			Thread.sleep(idleSeconds * 1000L);
			double idle = (System.nanoTime() - idleStart) / 1e9;
			double commandsPerSecond = (calls(admin.info("commandstats")) - callsBefore) / idle;
			double cpuShare = (cpu(admin.info("cpu")) - cpuBefore) / idle;

			long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
			long next = System.nanoTime();
			for (int i = 0; i < jobs; i++) {
				long wait = next - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				next += intervalNanos;
				String queue = prefix + ThreadLocalRandom.current().nextInt(queues);
				long sent = System.nanoTime();
				if (i % 2 == 0) {
					clients.template().enqueue(queue, Map.of("i", i, "t", sent));
				}
				else {
					String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
					admin.multi();
					admin.hset("queue:" + queue + ":job:" + id,
							Map.of("id", id, "payload", "{\"i\":" + i + ",\"t\":" + sent + "}", "status", "pending",
									"attempts", "0", "enqueued_at_ms", String.valueOf(System.currentTimeMillis()),
									"claim_token", ""));
					admin.lpush("queue:" + queue + ":pending", id);
					admin.exec();
				}
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (starts.latencies.size() < jobs && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			long[] latencies = starts.latencies.values().stream().mapToLong(Long::longValue).sorted().toArray();
			String row = String.format(Locale.ROOT,
					"| %s | %d (%d before start) | %d | %d | %.1f | %.1f %% of a core | %.1f ms | %.1f ms | %.1f ms |",
					mode.name().toLowerCase(Locale.ROOT), jvmThreads, threadsBefore, claimSide, connections,
					commandsPerSecond, cpuShare * 100, millis(latencies, 0.50), millis(latencies, 0.99),
					millis(latencies, 1.0));
			System.out.println(row + ((latencies.length < jobs) ? " (only " + latencies.length + " started)" : ""));
			return row;
		}
		finally {
			started.forEach(JobWorkerContainer::stop);
			clients.destroy();
			factory.destroy();
		}
	}

	private static double millis(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

	private static long infoLong(String info, String field) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.substring(field.length() + 1).trim());
			}
		}
		throw new IllegalStateException("No " + field + " in INFO");
	}

	private static double cpu(String info) {
		double total = 0;
		for (String line : info.split("\r?\n")) {
			if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
				total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
			}
		}
		return total;
	}

	/**
	 * Sums the calls of every command but the INFO, MULTI, HSET, LPUSH and EXEC the
	 * benchmark itself sends.
	 */
	private static long calls(String commandstats) {
		long calls = 0;
		for (String line : commandstats.split("\r?\n")) {
			if (!line.startsWith("cmdstat_") || line.startsWith("cmdstat_info:")) {
				continue;
			}
			int start = line.indexOf("calls=") + 6;
			calls += Long.parseLong(line.substring(start, line.indexOf(',', start)));
		}
		return calls;
	}

	/**
	 * Records the time from enqueue to handler start of each job.
	 */
	public static final class Starts {

		final Map<Integer, Long> latencies;

		Starts(int jobs) {
			this.latencies = new ConcurrentHashMap<>(jobs * 2);
		}

		public void handle(Map<String, Object> payload) {
			long now = System.nanoTime();
			this.latencies.put(((Number) payload.get("i")).intValue(), now - ((Number) payload.get("t")).longValue());
		}

	}

}
