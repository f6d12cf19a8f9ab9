package dev.jobqueue.test;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A Redis given by {@code JOBQUEUE_TEST_REDIS_URL}: not owned, so never flushed, stopped
 * or restarted.
 */
final class ExternalRedisServer extends AbstractRedisTestServer {

	private final RedisEndpoint endpoint;

	private final String version;

	private ExternalRedisServer(RedisEndpoint endpoint, String version) {
		this.endpoint = endpoint;
		this.version = version;
	}

	/** Connects once to check that the server answers and to read its version. */
	static ExternalRedisServer connect(String url) {
		RedisEndpoint endpoint = RedisEndpoint.parse(url);
		RedisClient client = RedisClient.create(endpoint.redisUri());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String pong = connection.sync().ping();
			if (!"PONG".equals(pong)) {
				throw new IllegalStateException("PING to " + endpoint + " answered " + pong);
			}
			return new ExternalRedisServer(endpoint, Resp.versionFromInfo(connection.sync().info("server")));
		}
		catch (RuntimeException e) {
			throw new IllegalStateException(
					"The Redis at JOBQUEUE_TEST_REDIS_URL=" + endpoint + " does not answer: " + e, e);
		}
		finally {
			client.shutdown();
		}
	}

	@Override
	RedisEndpoint endpoint() {
		return endpoint;
	}

	@Override
	public String version() {
		return version;
	}

	@Override
	public String source() {
		return "url";
	}

	@Override
	public boolean owned() {
		return false;
	}

	@Override
	public void stop() {
		throw notOwned();
	}

	@Override
	public void kill() {
		throw notOwned();
	}

	@Override
	public void restart() {
		throw notOwned();
	}

	@Override
	public void close() {
		// not ours to stop
	}

	private UnsupportedOperationException notOwned() {
		return new UnsupportedOperationException("The Redis at " + endpoint
				+ " comes from JOBQUEUE_TEST_REDIS_URL and is not owned by the tests; use RedisTestServers.startOwned(...)");
	}

}
