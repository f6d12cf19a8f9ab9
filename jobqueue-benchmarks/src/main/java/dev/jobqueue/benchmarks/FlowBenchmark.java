package dev.jobqueue.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.jobqueue.FlowControl;
import dev.jobqueue.JobOptions;
import dev.jobqueue.JobQueueClients;
import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The cost of flow control, in one run on one private Redis: the drain rate of plain
 * queues against queues with priorities (weights), a rate limit, a concurrency limit and
 * a group limit configured but never binding, and the Redis CPU per claim when every job
 * carries a group, and the weights, the rate limit and the concurrency limit each alone
 * ({@code --each-limit=false} leaves those out). The variants alternate within each round
 * so that the machine's load weighs on all alike. Options ({@code --name=value}):
 * {@code jobs} (20000), {@code repeats} (3), {@code concurrency} (8), {@code groups}
 * (100), {@code each-limit} (true), {@code redis-server}. <pre>
 * java -jar jobqueue-benchmarks/target/jobqueue-benchmarks.jar --flow --jobs=20000 --repeats=3
 * </pre>
 */
public final class FlowBenchmark {

	private static final FlowControl NOT_BINDING = FlowControl.defaults()
		.withWeights(List.of(6, 3, 1))
		.withRateLimit(1_000_000, Duration.ofSeconds(1))
		.withMaxConcurrency(10_000)
		.withGroupConcurrency(10_000);

	private FlowBenchmark() {
	}

	/**
	 * Runs the benchmark and prints a Markdown table.
	 * @param args {@code --name=value} options
	 * @throws Exception when Redis or a drain fails
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			options.put(pair[0], (pair.length > 1) ? pair[1] : "true");
		}
		int jobs = Integer.parseInt(options.getOrDefault("jobs", "20000"));
		int repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
		int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "8"));
		int groups = Integer.parseInt(options.getOrDefault("groups", "100"));
		List<Variant> variants = new ArrayList<>(
				List.of(new Variant("plain queue", (name) -> FlowControl.defaults(), 0),
						new Variant("flow control configured, not binding", (name) -> NOT_BINDING, 0),
						new Variant("every job in one of " + groups + " groups (limit not binding)",
								(name) -> NOT_BINDING, groups)));
		if (!"false".equals(options.get("each-limit"))) {
			// what each limit costs alone
			variants.add(new Variant("weights 6/3/1 only",
					(name) -> FlowControl.defaults().withWeights(List.of(6, 3, 1)), 0));
			variants.add(new Variant("rate limit only (not binding)",
					(name) -> FlowControl.defaults().withRateLimit(1_000_000, Duration.ofSeconds(1)), 0));
			variants.add(new Variant("concurrency limit only (not binding)",
					(name) -> FlowControl.defaults().withMaxConcurrency(10_000), 0));
		}
		Map<String, List<double[]>> results = new HashMap<>();
		try (RedisServerProcess redis = RedisServerLauncher
			.of(Path.of(options.getOrDefault("redis-server", "redis-server")))
			.name("flow-benchmark-redis")
			.arguments("--maxmemory-policy", "noeviction")
			.start(); RedisProbe probe = new RedisProbe(redis.port())) {
			for (int round = 0; round <= repeats; round++) {
				for (Variant variant : variants) {
					double[] measured = drain(redis.port(), probe, variant, (round == 0) ? jobs / 10 : jobs,
							concurrency, "flow-" + round + "-" + variants.indexOf(variant));
					if (round > 0) {
						results.computeIfAbsent(variant.name, (name) -> new ArrayList<>()).add(measured);
					}
				}
			}
		}
		System.out.println(
				"| variant | drain, jobs/s (median of " + repeats + ") | Redis CPU µs per job | EVALSHA µs per call |");
		System.out.println("| --- | ---: | ---: | ---: |");
		for (Variant variant : variants) {
			List<double[]> runs = results.get(variant.name);
			System.out.printf(Locale.ROOT, "| %s | %,.0f | %.1f | %.1f |%n", variant.name, median(runs, 0),
					median(runs, 1), median(runs, 2));
		}
	}

	private static double[] drain(int port, RedisProbe probe, Variant variant, int jobs, int concurrency, String queue)
			throws Exception {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		JobQueueClients clients = JobQueueClients.builder(new StringRedisTemplate(factory))
			.flowControl(variant.flow)
			.build();
		try {
			List<Object> payloads = IntStream.range(0, 1000).mapToObj((i) -> (Object) Map.of("n", i)).toList();
			for (int i = 0; i < jobs / 1000; i++) {
				JobOptions options = (variant.groups > 0) ? JobOptions.group("g" + (i % variant.groups))
						: JobOptions.none();
				clients.template().enqueueAll(queue, payloads, options);
			}
			int total = (jobs / 1000) * 1000;
			probe.resetStats();
			long cpuBefore = probe.cpuMicros();
			long start = System.nanoTime();
			try (CoreWorkers workers = new CoreWorkers(clients.workerProtocol(), queue, concurrency, total, true,
					(job) -> {
					})) {
				workers.start();
				long end = workers.awaitFinished(Duration.ofMinutes(10));
				double rate = total / ((end - start) / 1e9);
				double cpu = (probe.cpuMicros() - cpuBefore) / (double) total;
				long[] evalsha = probe.commandStats().getOrDefault("evalsha", new long[] { 0, 0 });
				double perCall = (evalsha[0] > 0) ? evalsha[1] / (double) evalsha[0] : 0;
				System.out.printf(Locale.ROOT, "%s: %,.0f jobs/s, %.1f µs Redis CPU per job%n", variant.name, rate,
						cpu);
				return new double[] { rate, cpu, perCall };
			}
		}
		finally {
			clients.destroy();
			factory.destroy();
		}
	}

	private static double median(List<double[]> runs, int index) {
		double[] values = runs.stream().mapToDouble((run) -> run[index]).sorted().toArray();
		return values[values.length / 2];
	}

	private record Variant(String name, Function<String, FlowControl> flow, int groups) {

	}

}
