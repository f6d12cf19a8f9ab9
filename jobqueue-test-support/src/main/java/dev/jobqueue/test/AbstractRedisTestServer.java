package dev.jobqueue.test;

import io.lettuce.core.RedisClient;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The parts of a {@link RedisTestServer} that only depend on its endpoint. */
abstract class AbstractRedisTestServer implements RedisTestServer {

	abstract RedisEndpoint endpoint();

	@Override
	public String host() {
		return endpoint().host();
	}

	@Override
	public int port() {
		return endpoint().port();
	}

	@Override
	public String uri() {
		return endpoint().uri();
	}

	@Override
	public LettuceConnectionFactory newConnectionFactory() {
		return endpoint().newConnectionFactory();
	}

	@Override
	public RedisClient newLettuceClient() {
		return RedisClient.create(endpoint().redisUri());
	}

	@Override
	public String toString() {
		return "Redis " + version() + " at " + endpoint() + " (" + source() + (owned() ? ", owned" : ", not owned")
				+ ")";
	}

}
