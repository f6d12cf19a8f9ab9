package dev.jobqueue.test;

import io.lettuce.core.RedisClient;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A real Redis server that tests talk to, either started by the tests ({@link #owned()})
 * or given by the environment.
 *
 * <p>
 * The lifecycle methods ({@link #stop()}, {@link #kill()}, {@link #restart()}) work only
 * on servers obtained from {@link RedisTestServers#startOwned(RedisServerOptions)}; the
 * {@linkplain RedisTestServers#shared() shared} server is stopped by a JVM shutdown hook,
 * so on it {@link #close()} does nothing and the other lifecycle methods throw.
 */
public interface RedisTestServer extends AutoCloseable {

	/** The host to connect to, for example {@code 127.0.0.1}. */
	String host();

	/** The TCP port to connect to. */
	int port();

	/**
	 * A URI such as {@code redis://127.0.0.1:6390}, with credentials and database when
	 * the server needs them.
	 */
	String uri();

	/**
	 * The server's {@code redis_version} from {@code INFO server}, for example
	 * {@code 7.0.15}.
	 */
	String version();

	/**
	 * How the server was found: {@code url}, {@code testcontainers}, {@code path} or
	 * {@code embedded}.
	 */
	String source();

	/**
	 * Whether the tests started this server (as opposed to one given by
	 * {@code JOBQUEUE_TEST_REDIS_URL}).
	 */
	boolean owned();

	/**
	 * A new, already started connection factory for this server; the caller must
	 * {@code destroy()} it.
	 */
	LettuceConnectionFactory newConnectionFactory();

	/** A new Lettuce client for raw commands; the caller must {@code shutdown()} it. */
	RedisClient newLettuceClient();

	/**
	 * Owned only: shuts the server down ({@code SHUTDOWN NOSAVE}, else kills it) and
	 * waits until its port is closed.
	 */
	void stop();

	/**
	 * Owned only: kills the process with SIGKILL, as a crash would, and waits until its
	 * port is closed.
	 */
	void kill();

	/**
	 * Owned only: starts the server again on the same port, with the same options and
	 * data directory (so AOF data survives), stopping it first if it still runs, and
	 * waits until it answers PING.
	 */
	void restart();

	/** Stops the server if this caller owns it; does nothing otherwise. */
	@Override
	void close();

}
