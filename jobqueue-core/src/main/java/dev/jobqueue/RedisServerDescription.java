package dev.jobqueue;

import org.jspecify.annotations.Nullable;

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

	static String describe(@Nullable RedisClusterConfiguration cluster, @Nullable RedisSentinelConfiguration sentinel,
			String host, int port, int database) {
		if (cluster != null) {
			return describe(cluster);
		}
		if (sentinel != null) {
			return describe(sentinel);
		}
		return "redis://" + host + ":" + port + "/" + database;
	}

	private static final class Lettuce {

		static String describe(LettuceConnectionFactory factory) {
			return RedisServerDescription.describe(factory.getClusterConfiguration(),
					factory.getSentinelConfiguration(), factory.getHostName(), factory.getPort(),
					factory.getDatabase());
		}

	}

	private static final class Jedis {

		static String describe(JedisConnectionFactory factory) {
			return RedisServerDescription.describe(factory.getClusterConfiguration(),
					factory.getSentinelConfiguration(), factory.getHostName(), factory.getPort(),
					factory.getDatabase());
		}

	}

}
