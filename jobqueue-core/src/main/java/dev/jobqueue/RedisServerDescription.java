package dev.jobqueue;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Describes which Redis a connection factory talks to, for error messages.
 */
final class RedisServerDescription {

	private static final boolean LETTUCE = ClassUtils.isPresent("io.lettuce.core.RedisClient", null);

	private static final boolean JEDIS = ClassUtils.isPresent("redis.clients.jedis.Jedis", null);

	private RedisServerDescription() {
	}

	static String of(RedisConnectionFactory factory) {
		try {
			if (LETTUCE && factory instanceof LettuceConnectionFactory lettuce) {
				return Lettuce.describe(lettuce);
			}
			if (JEDIS && factory instanceof JedisConnectionFactory jedis) {
				return Jedis.describe(jedis);
			}
		}
		catch (RuntimeException ex) {
			// fall through: a description is only for messages
		}
		return factory.getClass().getSimpleName();
	}

	static String describe(RedisClusterConfiguration cluster) {
		return "cluster " + cluster.getClusterNodes();
	}

	static String describe(RedisSentinelConfiguration sentinel) {
		return "sentinel master '" + ((sentinel.getMaster() != null) ? sentinel.getMaster().getName() : "?") + "' via "
				+ sentinel.getSentinels();
	}

	private static final class Lettuce {

		static String describe(LettuceConnectionFactory factory) {
			if (factory.getClusterConfiguration() != null) {
				return RedisServerDescription.describe(factory.getClusterConfiguration());
			}
			if (factory.getSentinelConfiguration() != null) {
				return RedisServerDescription.describe(factory.getSentinelConfiguration());
			}
			return "redis://" + factory.getHostName() + ":" + factory.getPort() + "/" + factory.getDatabase();
		}

	}

	private static final class Jedis {

		static String describe(JedisConnectionFactory factory) {
			if (factory.getClusterConfiguration() != null) {
				return RedisServerDescription.describe(factory.getClusterConfiguration());
			}
			if (factory.getSentinelConfiguration() != null) {
				return RedisServerDescription.describe(factory.getSentinelConfiguration());
			}
			return "redis://" + factory.getHostName() + ":" + factory.getPort() + "/" + factory.getDatabase();
		}

	}

}
