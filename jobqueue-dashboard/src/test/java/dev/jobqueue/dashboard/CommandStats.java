package dev.jobqueue.dashboard;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * Reads how many commands Redis has run, from {@code INFO commandstats}, which also
 * counts the commands scripts run.
 */
final class CommandStats {

	private CommandStats() {
	}

	static long total(RedisCommands<String, String> redis) {
		return calls(redis, "");
	}

	static long calls(RedisCommands<String, String> redis, String command) {
		long total = 0;
		for (String line : redis.info("commandstats").split("\r?\n")) {
			int calls = line.indexOf("calls=");
			if (line.startsWith("cmdstat_" + command) && calls > 0) {
				int end = line.indexOf(',', calls);
				total += Long.parseLong(line.substring(calls + 6, end));
			}
		}
		return total;
	}

}
