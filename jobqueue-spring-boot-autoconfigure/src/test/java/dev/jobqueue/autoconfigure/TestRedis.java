package dev.jobqueue.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import dev.jobqueue.test.RedisTestServer;
import dev.jobqueue.test.RedisTestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The shared test Redis for the auto-configuration tests: the property that points Spring
 * Boot at it, raw commands for checking what is stored, and queue names no other test
 * uses.
 */
public final class TestRedis {

	private static final AtomicInteger sequence = new AtomicInteger();

	private static RedisCommands<String, String> commands;

	private TestRedis() {
	}

	/**
	 * Returns the shared server.
	 * @return the server
	 */
	public static RedisTestServer server() {
		return RedisTestServers.shared();
	}

	/**
	 * Returns the property that points Spring Boot's Redis auto-configuration at the
	 * shared server.
	 * @return the property as name=value
	 */
	public static String urlProperty() {
		return "spring.data.redis.url=" + server().uri();
	}

	/**
	 * Returns raw commands on the shared server, for checking what is stored.
	 * @return the commands
	 */
	public static synchronized RedisCommands<String, String> commands() {
		if (commands == null) {
			RedisClient client = server().newLettuceClient();
			StatefulRedisConnection<String, String> connection = client.connect();
			commands = connection.sync();
		}
		return commands;
	}

	/**
	 * Returns a queue name no other test in this or another JVM uses.
	 * @param hint a readable part
	 * @return the name
	 */
	public static String uniqueQueue(String hint) {
		return "t" + ProcessHandle.current().pid() + "-" + hint + "-" + sequence.incrementAndGet();
	}

	/**
	 * Reads one field of INFO stats.
	 * @param field the field name
	 * @return its value
	 */
	public static long statsField(String field) {
		for (String line : commands().info("stats").split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.substring(field.length() + 1).trim());
			}
		}
		throw new IllegalStateException("No " + field + " in INFO stats");
	}

}
