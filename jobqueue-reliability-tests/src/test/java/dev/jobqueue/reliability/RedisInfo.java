package dev.jobqueue.reliability;

import java.util.Properties;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads fields of {@code INFO} replies.
 */
final class RedisInfo {

	private RedisInfo() {
	}

	static long field(StringRedisTemplate redis, String section, String field) {
		Properties info = redis
			.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().info(section));
		return Long.parseLong(info.getProperty(field, "-1").trim());
	}

	static long field(String info, String field) {
		for (String line : info.split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.substring(field.length() + 1).trim());
			}
		}
		throw new IllegalStateException("No " + field + " in " + info);
	}

}
