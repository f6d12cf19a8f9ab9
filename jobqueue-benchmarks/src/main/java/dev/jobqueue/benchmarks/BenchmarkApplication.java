package dev.jobqueue.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.jobqueue.launcher.RedisServerLauncher;
import dev.jobqueue.launcher.RedisServerProcess;

/**
 * Runs the benchmark: starts a private Redis, runs every phase for jobqueue and BullMQ in
 * turn (jobqueue, BullMQ, jobqueue, BullMQ, ...), reads the Redis-side cost of each run
 * the same way for both, and prints the report. Options, all {@code --name=value}:
 * {@code repeats} (3), {@code jobs} (drain N, 100000), {@code enqueue-jobs} (20000),
 * {@code latency-jobs} (5000), {@code phases} (comma-separated kinds, all by default),
 * {@code apps} (configurations of the jobqueue application, any of
 * {@code realistic,cold,stripped,observed}, all but {@code observed} by default),
 * {@code concurrency} (drain worker counts, {@code 1,8,32}), {@code warm-up}
 * ({@code full}: one uncounted round of each phase at full size, the default;
 * {@code twentieth}: a round on a twentieth of the jobs), {@code cold-java} (the
 * {@code java} of a cold JVM, by default this one), {@code cold-jvm-options} (JVM options
 * of a cold phase's fresh JVM, space separated), {@code delayed-jobs} (1000000) and
 * {@code lateness-jobs} (10000) for the phases {@code delayed-promotion} and
 * {@code delayed-lateness}, which run only when named in {@code phases}, {@code subjects}
 * (jobqueue,bullmq), {@code redis-server}, {@code node}, {@code bullmq-dir}, {@code out},
 * {@code workers} ({@code core}: a plain loop on the core API instead of the starter's
 * worker pool), {@code core-worker} ({@code classic}: that loop completes and claims in
 * two calls instead of one), {@code minute-counters} ({@code true}: the flows also write
 * the dashboard's per-minute counters), {@code drain-windows} ({@code true}: a jobqueue
 * drain prints its rate in 10-second windows, bytes per pending job and the size of a
 * finished job's hash); {@code flow} runs {@link FlowBenchmark} instead, {@code delayed}
 * {@link DelayedBenchmark}, {@code many-queues} (or {@code phases=many-queues})
 * {@link ManyQueuesBenchmark}, {@code backlog} {@link BacklogBenchmark}.
 */
public final class BenchmarkApplication {

	private BenchmarkApplication() {
	}

	/**
	 * Runs the benchmark.
	 * @param args {@code --name=value} options
	 * @throws Exception when Redis, Node or a phase fails
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			options.put(pair[0], (pair.length > 1) ? pair[1] : "true");
		}
		if (options.containsKey("child")) {
			ColdJvm.child(options);
			return;
		}
		if (options.containsKey("flow")) {
			FlowBenchmark.main(args);
			return;
		}
		if (options.containsKey("delayed")) {
			DelayedBenchmark.main(args);
			return;
		}
		if (options.containsKey("many-queues") || "many-queues".equals(options.get("phases"))) {
			ManyQueuesBenchmark.main(args);
			return;
		}
		if (options.containsKey("backlog")) {
			BacklogBenchmark.main(args);
			return;
		}
		int repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
		int jobs = Integer.parseInt(options.getOrDefault("jobs", "100000"));
		int enqueueJobs = Integer.parseInt(options.getOrDefault("enqueue-jobs", "20000"));
		int latencyJobs = Integer.parseInt(options.getOrDefault("latency-jobs", "5000"));
		String phaseFilter = options.getOrDefault("phases", "");
		String subjectFilter = options.getOrDefault("subjects", "jobqueue,bullmq");
		Path out = Path.of(options.getOrDefault("out", "jobqueue-benchmarks/target/benchmark-report.md"));

		List<Phase.App> apps = new ArrayList<>();
		for (String app : options.getOrDefault("apps", "realistic,cold,stripped").split(",")) {
			apps.add(Phase.App.valueOf(app.trim().toUpperCase(Locale.ROOT)));
		}
		List<Integer> concurrencies = new ArrayList<>();
		for (String concurrency : options.getOrDefault("concurrency", "1,8,32").split(",")) {
			concurrencies.add(Integer.parseInt(concurrency.trim()));
		}
		List<Phase> phases = new ArrayList<>();
		for (Phase.App app : apps) {
			if (app != Phase.App.COLD) {
				phases.add(new Phase(Phase.Kind.ENQUEUE_SINGLE, enqueueJobs, 1, 0, app));
				phases.add(new Phase(Phase.Kind.ENQUEUE_CONCURRENT, enqueueJobs * 2, 8, 0, app));
				phases.add(new Phase(Phase.Kind.ENQUEUE_BATCH, jobs, 1, 0, app));
			}
		}
		for (int concurrency : concurrencies) {
			for (Phase.App app : apps) {
				phases.add(new Phase(Phase.Kind.DRAIN, jobs, concurrency, 0, app));
			}
		}
		for (Phase.App app : apps) {
			if (app != Phase.App.COLD) {
				phases.add(new Phase(Phase.Kind.LATENCY, latencyJobs, 8, 1000, app));
			}
		}
		// the delayed-job phases run only when named: the promotion of a million jobs is
		// long
		int delayedJobs = Integer.parseInt(options.getOrDefault("delayed-jobs", "1000000"));
		int latenessJobs = Integer.parseInt(options.getOrDefault("lateness-jobs", "10000"));
		for (Phase.App app : apps) {
			if (app != Phase.App.COLD) {
				if (phaseFilter.contains("delayed-lateness")) {
					phases.add(new Phase(Phase.Kind.DELAYED_LATENESS, latenessJobs, 8, 0, app));
				}
				if (phaseFilter.contains("delayed-promotion")) {
					phases.add(new Phase(Phase.Kind.DELAYED_PROMOTION, delayedJobs, 8, 0, app));
				}
			}
		}
		phases.removeIf((phase) -> !phaseFilter.isEmpty()
				&& !List.of(phaseFilter.split(",")).contains(phase.kind().name().toLowerCase().replace('_', '-')));
		boolean fullWarmUp = !"twentieth".equals(options.get("warm-up"));
		String coldOptions = options.getOrDefault("cold-jvm-options", "").trim();

		JobqueueSubject ours = new JobqueueSubject("core".equals(options.get("workers")),
				!"classic".equals(options.get("core-worker")),
				Boolean.parseBoolean(options.getOrDefault("minute-counters", "false")),
				coldCommand(options.get("cold-java"), coldOptions));
		BullmqSubject peer = new BullmqSubject(
				Path.of(options.getOrDefault("bullmq-dir", "jobqueue-benchmarks/bullmq")),
				options.getOrDefault("node", "node"));
		List<Subject> subjects = new ArrayList<>();
		if (subjectFilter.contains("jobqueue")) {
			subjects.add(ours);
		}
		if (subjectFilter.contains("bullmq")) {
			subjects.add(peer);
		}

		// a private server on a free port, without persistence, so the benchmark never
		// touches
		// a Redis that someone else uses
		try (RedisServerProcess redis = RedisServerLauncher
			.of(Path.of(options.getOrDefault("redis-server", "redis-server")))
			.name("benchmark-redis")
			.arguments("--maxmemory-policy", "noeviction")
			.start(); RedisProbe probe = new RedisProbe(redis.port())) {
			String header = Machine.describe(probe.version(), options.getOrDefault("node", "node"), peer.version(),
					String.join(" ", args), repeats);
			System.out.println(header);
			Runner runner = new Runner(probe, redis,
					Boolean.parseBoolean(options.getOrDefault("drain-windows", "false")));
			if (subjects.contains(ours)) {
				System.out.println("warming up the JVM (not recorded)");
				runner.warmUp(ours, phases, fullWarmUp);
			}
			Report report = new Report(ours.name(), peer.name());
			for (int repeat = 1; repeat <= repeats; repeat++) {
				for (Phase phase : phases) {
					for (Subject subject : subjects) {
						long started = System.nanoTime();
						Measurement measurement = runner.measure(subject, phase);
						double took = (System.nanoTime() - started) / 1e9;
						report.add(phase, subject.name(), measurement);
						System.out.printf(
								"run %d/%d  %-9s %-64s %,9.0f jobs/s %5.1f cmds/job  Redis %5.1f µs/job  client %5.0f µs/job  (%.0f s, load %s)%n",
								repeat, repeats, subject.name(), phase.label(), measurement.jobsPerSecond(),
								measurement.commandsPerJob(), measurement.cpuMicrosPerJob(),
								measurement.clientCpuMicrosPerJob(), took, Machine.loadAverage());
					}
				}
			}
			String rendered = report.render(header + "\nFinished " + Instant.now() + ", load average "
					+ Machine.loadAverage() + " (1, 5, 15 min).\n");
			System.out.println();
			System.out.println(rendered);
			Files.createDirectories(out.toAbsolutePath().getParent());
			Files.writeString(out, rendered, StandardCharsets.UTF_8);
			System.out.println("Written to " + out);
		}
		catch (IOException ex) {
			System.err.println("Benchmark failed: " + ex.getMessage());
			System.exit(1);
		}
	}

	/**
	 * The command that starts a cold JVM: {@code cold-java} (a {@code java} binary, by
	 * default this JVM's) and the {@code cold-jvm-options}.
	 */
	static List<String> coldCommand(String java, String options) {
		List<String> command = new ArrayList<>();
		command.add((java != null && !java.isBlank()) ? java
				: Path.of(System.getProperty("java.home"), "bin", "java").toString());
		if (!options.isEmpty()) {
			command.addAll(List.of(options.split("\\s+")));
		}
		return command;
	}

}
