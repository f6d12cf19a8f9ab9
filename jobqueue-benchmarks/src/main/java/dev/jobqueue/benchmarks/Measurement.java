package dev.jobqueue.benchmarks;

import java.util.Arrays;
import java.util.Map;

/**
 * What one run of one phase by one subject measured, on both sides of the connection.
 *
 * @param jobsPerSecond jobs handled per second of the timed part
 * @param commandsPerJob Redis commands per job from INFO commandstats, Lua's inner calls
 * included
 * @param commandMicrosPerJob microseconds per job that INFO commandstats charges to
 * commands
 * @param cpuMicrosPerJob Redis process CPU (user + system) per job, I/O included
 * @param clientCpuMicrosPerJob client process CPU (user + system) per job: the JVM or the
 * Node process
 * @param peakClients the most connected clients during the timed part, observers left out
 * @param bytesPerPendingJob Redis memory per pending job (drain phases), NaN otherwise
 * @param start enqueue-to-handler-start p50, p99, max in milliseconds (latency phase),
 * empty otherwise
 * @param complete enqueue-to-completed p50, p99, max in milliseconds (latency phase),
 * empty otherwise
 * @param commands calls and microseconds by command name
 */
record Measurement(double jobsPerSecond, double commandsPerJob, double commandMicrosPerJob, double cpuMicrosPerJob,
		double clientCpuMicrosPerJob, long peakClients, double bytesPerPendingJob, double[] start, double[] complete,
		Map<String, long[]> commands) {

	static double[] percentiles(double[] latencies) {
		if (latencies.length == 0) {
			return new double[0];
		}
		double[] sorted = Arrays.stream(latencies).filter((value) -> !Double.isNaN(value)).sorted().toArray();
		int missing = latencies.length - sorted.length;
		if (sorted.length == 0) {
			return new double[] { Double.NaN, Double.NaN, Double.NaN };
		}
		// A job whose completion was never seen counts as the slowest, never as a fast
		// one.
		double max = (missing > 0) ? Double.POSITIVE_INFINITY : sorted[sorted.length - 1];
		return new double[] { at(sorted, latencies.length, 0.50), at(sorted, latencies.length, 0.99), max };
	}

	private static double at(double[] sorted, int total, double quantile) {
		int index = (int) Math.ceil(quantile * total) - 1;
		return (index < sorted.length) ? sorted[Math.max(index, 0)] : Double.POSITIVE_INFINITY;
	}

}
