package dev.jobqueue.autoconfigure;

import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Warns at startup when Redis may evict keys: under any {@code maxmemory-policy} but
 * {@code noeviction}, memory pressure can silently delete a pending list or a job hash,
 * and the jobs are lost without a trace. Reads the policy with {@code CONFIG GET}, or
 * from {@code INFO memory} where managed services refuse CONFIG; never fails startup.
 */
final class RedisEvictionPolicyCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(RedisEvictionPolicyCheck.class);

	static final String SAFE_POLICY = "noeviction";

	private final RedisConnectionFactory connectionFactory;

	RedisEvictionPolicyCheck(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Set<String> policies;
		try {
			policies = policies();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the maxmemory-policy of Redis", ex);
			return;
		}
		policies.remove(SAFE_POLICY);
		if (!policies.isEmpty()) {
			logger.warn("Redis maxmemory-policy is " + String.join(", ", policies) + ", not " + SAFE_POLICY
					+ ": under memory pressure Redis may evict queue keys (pending lists, job hashes) and jobs "
					+ "would be lost without a trace. Set 'maxmemory-policy " + SAFE_POLICY
					+ "' in redis.conf (or CONFIG SET maxmemory-policy " + SAFE_POLICY + ").");
		}
	}

	/**
	 * Reads the policy of every node the connection reaches (one for a standalone or
	 * Sentinel connection, each primary for a cluster connection, whose replies name the
	 * node in the key).
	 */
	Set<String> policies() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Set<String> policies = values(configGet(connection), "maxmemory-policy");
			if (policies.isEmpty()) {
				policies = values(connection.serverCommands().info("memory"), "maxmemory_policy");
			}
			return policies;
		}
	}

	private static Properties configGet(RedisConnection connection) {
		try {
			return connection.serverCommands().getConfig("maxmemory-policy");
		}
		catch (RuntimeException ex) {
			// CONFIG is often disabled on managed Redis services; INFO memory has the
			// same field
			logger.debug("CONFIG GET maxmemory-policy refused, reading INFO memory instead", ex);
			return new Properties();
		}
	}

	private static Set<String> values(Properties properties, String name) {
		Set<String> values = new TreeSet<>();
		if (properties != null) {
			properties.forEach((key, value) -> {
				if (key.toString().equals(name) || key.toString().endsWith("." + name)) {
					values.add(value.toString().trim());
				}
			});
		}
		return values;
	}

}
