package dev.jobqueue.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Describes the machine and the versions under test, for the header of every report.
 */
final class Machine {

	private Machine() {
	}

	static String describe(String redisVersion, String node, String bullmqVersion, String args, int repeats) {
		return "## jobqueue vs BullMQ\n\n" + "Command: `jobqueue-benchmarks/run.sh" + (args.isEmpty() ? "" : " " + args)
				+ "`  \n" + "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (nproc), " + cpuModel()
				+ ", shared with other builds  \n" + "Redis " + redisVersion + " (private, no persistence); JDK "
				+ System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "; Node "
				+ output(node, "--version") + "; BullMQ " + bullmqVersion + "  \n" + "Each phase ran " + repeats
				+ " times, alternating jobqueue and BullMQ, on a flushed Redis. Load average at the start "
				+ loadAverage() + " (1, 5, 15 min).\n";
	}

	/**
	 * @return the 1, 5 and 15 minute load averages from {@code /proc/loadavg}
	 */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.findFirst()
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.orElse("unknown CPU");
		}
		catch (IOException ex) {
			return "unknown CPU";
		}
	}

	private static String output(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor();
			return text.startsWith("v") ? text.substring(1) : text;
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

}
