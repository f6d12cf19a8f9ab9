package dev.jobqueue.benchmarks;

import java.util.List;
import java.util.Map;

import dev.jobqueue.launcher.RedisServerProcess;

/**
 * Runs one phase for one subject on a flushed Redis and reads both sides of the cost:
 * INFO commandstats and CPU are reset or read right before and after the timed part only.
 */
final class Runner {

	private final RedisProbe probe;

	private final RedisServerProcess redis;

	private final boolean drainWindows;

	Runner(RedisProbe probe, RedisServerProcess redis) {
		this(probe, redis, false);
	}

	/**
	 * @param drainWindows whether a jobqueue drain prints its rate in 10-second windows
	 * and the size of a finished job's hash
	 */
	Runner(RedisProbe probe, RedisServerProcess redis, boolean drainWindows) {
		this.probe = probe;
		this.redis = redis;
		this.drainWindows = drainWindows;
	}

	/**
	 * Runs each phase but the cold ones once, uncounted, so that the JIT has compiled the
	 * hot path: at full size (one round, as an application that has been running a while)
	 * or on a twentieth of its jobs.
	 */
	void warmUp(Subject subject, List<Phase> phases, boolean full) throws Exception {
		for (Phase phase : phases) {
			if (phase.app() != Phase.App.COLD && phase.kind() != Phase.Kind.DELAYED_PROMOTION) {
				measure(subject, full ? phase : phase.withJobs(Math.max(1000, phase.jobs() / 20)));
			}
		}
	}

	Measurement measure(Subject subject, Phase phase) throws Exception {
		if (!this.redis.isAlive()) {
			throw new IllegalStateException("redis-server has exited; see " + this.redis.logFile());
		}
		this.probe.flushAll();
		long memoryBefore = this.probe.usedMemory();
		try (Subject.Run run = subject.prepare(phase, this.redis.port())) {
			long memoryAfter = this.probe.usedMemory();
			String pendingKey = (this.drainWindows && phase.kind() == Phase.Kind.DRAIN
					&& "jobqueue".equals(subject.name())) ? this.probe.pendingKey() : null;
			this.probe.resetStats();
			long cpuBefore = this.probe.cpuMicros();
			long clientCpuBefore = run.clientCpuMicros();
			Subject.Timing timing;
			long peak;
			try (RedisProbe.ClientSampler clients = this.probe.sampleClients();
					AutoCloseable windows = (pendingKey != null) ? this.probe.sampleDrain(pendingKey) : () -> {
					}) {
				timing = run.run();
				peak = clients.peak();
			}
			if (pendingKey != null) {
				System.out.printf(
						"  %s: %.0f bytes per pending job; a finished job's hash with its result: %d bytes"
								+ " (MEMORY USAGE)%n",
						phase.label(), (memoryAfter - memoryBefore) / (double) phase.jobs(),
						this.probe.finishedJobBytes(pendingKey));
			}
			long clientCpu = run.clientCpuMicros() - clientCpuBefore;
			long cpu = this.probe.cpuMicros() - cpuBefore;
			Map<String, long[]> commands = this.probe.commandStats();
			long calls = commands.values().stream().mapToLong((stats) -> stats[0]).sum();
			long usec = commands.values().stream().mapToLong((stats) -> stats[1]).sum();
			double jobs = timing.jobs();
			double pendingBytes = (phase.kind() == Phase.Kind.DRAIN || phase.kind() == Phase.Kind.DELAYED_PROMOTION)
					? (memoryAfter - memoryBefore) / jobs : Double.NaN;
			return new Measurement(jobs / timing.seconds(), calls / jobs, usec / jobs, cpu / jobs, clientCpu / jobs,
					peak - RedisProbe.OWN_CONNECTIONS - run.observerConnections(), pendingBytes,
					Measurement.percentiles(timing.startLatencies()),
					Measurement.percentiles(timing.completeLatencies()), commands);
		}
	}

}
