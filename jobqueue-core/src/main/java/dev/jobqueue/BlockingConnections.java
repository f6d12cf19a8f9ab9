package dev.jobqueue;

import java.util.concurrent.ConcurrentLinkedDeque;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Keeps the connections that blocking claims (BLMOVE) run on. Spring Data Redis runs a
 * blocking command on a dedicated native connection; a {@link RedisConnection} keeps its
 * dedicated connection until closed, so reusing a few of them means no TCP connection is
 * opened per claim. The number of connections is bounded by the number of threads
 * claiming at once.
 */
final class BlockingConnections implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(BlockingConnections.class);

	private final RedisConnectionFactory factory;

	private final ConcurrentLinkedDeque<RedisConnection> idle = new ConcurrentLinkedDeque<>();

	private volatile boolean closed;

	BlockingConnections(RedisConnectionFactory factory) {
		this.factory = factory;
	}

	/**
	 * Runs an action on a kept connection, opening one when none is idle. A connection
	 * whose action threw is closed rather than kept, since its state is unknown.
	 * @param action what to run
	 * @return what the action returned
	 */
	<T extends @Nullable Object> T execute(Action<T> action) {
		RedisConnection connection = borrow();
		boolean broken = true;
		try {
			T result = action.run(connection);
			broken = false;
			return result;
		}
		finally {
			release(connection, broken);
		}
	}

	private RedisConnection borrow() {
		RedisConnection connection = this.idle.pollFirst();
		return (connection != null) ? connection : this.factory.getConnection();
	}

	private void release(RedisConnection connection, boolean broken) {
		if (broken || this.closed) {
			closeQuietly(connection);
			return;
		}
		this.idle.offerFirst(connection);
		if (this.closed && this.idle.remove(connection)) {
			closeQuietly(connection);
		}
	}

	/**
	 * Takes connections again after {@link #close()}, for a context that is restarted.
	 */
	void open() {
		this.closed = false;
	}

	@Override
	public void close() {
		this.closed = true;
		RedisConnection connection;
		while ((connection = this.idle.pollFirst()) != null) {
			closeQuietly(connection);
		}
	}

	/**
	 * What runs on a kept connection.
	 */
	@FunctionalInterface
	interface Action<T extends @Nullable Object> {

		T run(RedisConnection connection);

	}

	private static void closeQuietly(RedisConnection connection) {
		try {
			connection.close();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not close a blocking claim connection", ex);
		}
	}

}
