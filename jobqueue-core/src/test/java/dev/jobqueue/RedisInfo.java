package dev.jobqueue;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * Reads fields of Redis's INFO for the tests.
 */
final class RedisInfo {

	private RedisInfo() {
	}

	/**
	 * Returns how many clients wait in a blocking command now.
	 * @param redis the connection to ask
	 * @return {@code blocked_clients} of INFO clients
	 */
	static long blockedClients(RedisCommands<String, String> redis) {
		for (String line : redis.info("clients").split("\r?\n")) {
			if (line.startsWith("blocked_clients:")) {
				return Long.parseLong(line.substring("blocked_clients:".length()).trim());
			}
		}
		return 0;
	}

}
