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
 * MULTI). The jobs are sent {@code many-queues-rounds} times on the same started
 * containers: the first round runs on a cold JVM (JIT, the first job of most queues), the
 * next ones (the warm rounds) in the steady state, each printed as a row of its own.
 * Options ({@code --name=value}): {@code queues} (200), {@code concurrency} (4),
 * {@code jobs} (2000), {@code rate} (200), {@code idle-seconds} (5),
 * {@code many-queues-rounds} (2), {@code modes} (blocking,shared), {@code redis-server}.
 * <pre>
 * java -jar jobqueue-benchmarks/target/jobqueue-benchmarks.jar --phases=many-queues
 * </pre>
 */
public final class ManyQueuesBenchmark {

	/** How long a round waits for its jobs to start after the last one was sent. */
	private static final Duration START_WAIT = Duration.ofSeconds(60);

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
		int queues = option(options, "queues", 200, 1);
		int concurrency = option(options, "concurrency", 4, 1);
		int jobs = option(options, "jobs", 2000, 1);
		int rate = option(options, "rate", 200, 1);
		int idleSeconds = option(options, "idle-seconds", 5, 0);
		int rounds = option(options, "many-queues-rounds", 2, 1);
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
					rows.addAll(run(redis.port(), admin.sync(), mode,
							new Sizes(queues, concurrency, jobs, rate, idleSeconds, rounds)));
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

	private static int option(Map<String, String> options, String name, int fallback, int min) {
		int value = Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)).trim());
		if (value < min) {
			throw new IllegalArgumentException("--" + name + " must be at least " + min + ", not " + value);
		}
		return value;
	}

	private static List<String> run(int port, RedisCommands<String, String> admin, ClaimMode mode, Sizes sizes)
			throws Exception {
		int threadsBefore = Thread.getAllStackTraces().size();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		JobQueueClients clients = JobQueueClients.builder(new StringRedisTemplate(factory)).build();
		String name = mode.name().toLowerCase(Locale.ROOT);
		String prefix = "many-" + name + "-";
		StartLatencies starts = new StartLatencies(sizes.rounds(), sizes.jobs());
		JobWorkerContainerFactory containers = new JobWorkerContainerFactory(clients.workerProtocol());
		containers.setClaimMode(mode);
		containers.setSettings((queue) -> new JobWorkerSettings(sizes.concurrency(),
				JobWorkerSettings.DEFAULT_CLAIM_TIMEOUT, Duration.ofSeconds(2), true, true));
		Method handle = StartLatencies.class.getMethod("handle", Map.class);
		List<JobWorkerContainer> started = new ArrayList<>();
		List<String> rows = new ArrayList<>();
		try {
			for (int i = 0; i < sizes.queues(); i++) {
				JobWorkerContainer container = containers.createContainer(prefix + i,
						List.of(new JobHandlerEndpoint("start-" + i, prefix + i, null, starts, handle, null, null)));
				container.start();
				started.add(container);
			}
			// settle: the first claims, JIT, subscriptions
			Thread.sleep(2000);
			String threads = threads(admin, threadsBefore);
			long callsBefore = calls(admin);
			double cpuBefore = cpu(admin);
			long idleStart = System.nanoTime();
			Thread.sleep(sizes.idleSeconds() * 1000L);
			double idle = (System.nanoTime() - idleStart) / 1e9;
			String idleCells = String.format(Locale.ROOT, "%.1f | %.1f %% of a core",
					(calls(admin) - callsBefore) / idle, (cpu(admin) - cpuBefore) / idle * 100);
			for (int round = 1; round <= sizes.rounds(); round++) {
				if (round > 1) {
					// the same containers, warm: count the threads and connections again
					threads = threads(admin, threadsBefore);
					idleCells = "as above | as above";
				}
				send(clients, admin, prefix, sizes, round);
				long deadline = System.nanoTime() + START_WAIT.toNanos();
				while (starts.started(round) < sizes.jobs() && System.nanoTime() < deadline) {
					Thread.sleep(10);
				}
				String label = name + ((round == 1) ? "" : (sizes.rounds() == 2) ? ", warm" : ", warm, round " + round);
				String row = "| " + label + " | " + threads + " | " + idleCells + " | "
						+ starts.cells(round, sizes.jobs(), START_WAIT.toSeconds() + " s") + " |";
				System.out.println(row);
				rows.add(row);
			}
			return rows;
		}
		finally {
			started.forEach(JobWorkerContainer::stop);
			clients.destroy();
			factory.destroy();
		}
	}

	/**
	 * Sends one round of jobs at about {@code rate} jobs/s, each to a queue picked at
	 * random: the even ones with our producer, the odd ones as a reference helper does.
	 */
	private static void send(JobQueueClients clients, RedisCommands<String, String> admin, String prefix, Sizes sizes,
			int round) throws InterruptedException {
		long intervalNanos = TimeUnit.SECONDS.toNanos(1) / sizes.rate();
		long next = System.nanoTime();
		for (int i = 0; i < sizes.jobs(); i++) {
			long wait = next - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			next += intervalNanos;
			String queue = prefix + ThreadLocalRandom.current().nextInt(sizes.queues());
			long sent = System.nanoTime();
			if (i % 2 == 0) {
				clients.template().enqueue(queue, Map.of("r", round, "i", i, "t", sent));
			}
			else {
				String id = String.format("%016x", ThreadLocalRandom.current().nextLong());
				admin.multi();
				admin.hset("queue:" + queue + ":job:" + id,
						Map.of("id", id, "payload", "{\"r\":" + round + ",\"i\":" + i + ",\"t\":" + sent + "}",
								"status", "pending", "attempts", "0", "enqueued_at_ms",
								String.valueOf(System.currentTimeMillis()), "claim_token", ""));
				admin.lpush("queue:" + queue + ":pending", id);
				admin.exec();
			}
		}
	}

	/**
	 * The JVM threads (and before the containers started), the claim-side threads and the
	 * application's connections, as three table cells.
	 */
	private static String threads(RedisCommands<String, String> admin, int threadsBefore) {
		int jvmThreads = Thread.getAllStackTraces().size();
		long claimSide = Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("jobqueue-") && !name.contains("-worker-"))
			.count();
		long connections = Long.parseLong(RedisProbe.parse(admin.info("clients")).get("connected_clients")) - 1;
		return String.format(Locale.ROOT, "%d (%d before start) | %d | %d", jvmThreads, threadsBefore, claimSide,
				connections);
	}

	private static double cpu(RedisCommands<String, String> admin) {
		Map<String, String> cpu = RedisProbe.parse(admin.info("cpu"));
		return Double.parseDouble(cpu.get("used_cpu_sys")) + Double.parseDouble(cpu.get("used_cpu_user"));
	}

	/**
	 * Sums the calls of every command but INFO, the only one the benchmark itself sends
	 * while the queues are idle.
	 */
	private static long calls(RedisCommands<String, String> admin) {
		return RedisProbe.parse(admin.info("commandstats"))
			.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals("cmdstat_info"))
			.mapToLong((entry) -> RedisProbe.callsAndUsec(entry.getValue())[0])
			.sum();
	}

	private record Sizes(int queues, int concurrency, int jobs, int rate, int idleSeconds, int rounds) {
	}

}
