package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;

/**
 * Runs the enqueue flow followed by {@code WAIT replicas timeout} on one dedicated
 * connection, in one round trip, and throws unless enough replicas acknowledged the jobs.
 */
final class DurableEnqueue {

	private final ScriptRunner runner;

	private final BlockingConnections connections;

	private final int replicas;

	private final long timeoutMillis;

	/**
	 * Returns the durable enqueue of a builder's settings.
	 * @param runner the script runner
	 * @param connections the dedicated connections
	 * @param replicas how many replicas must have the jobs; 0 for none
	 * @param timeout how long to wait for them
	 * @return the durable enqueue, or null when no replica is asked for
	 */
	static @Nullable DurableEnqueue of(ScriptRunner runner, BlockingConnections connections, int replicas,
			Duration timeout) {
		return (replicas > 0) ? new DurableEnqueue(runner, connections, replicas, timeout.toMillis()) : null;
	}

	DurableEnqueue(ScriptRunner runner, BlockingConnections connections, int replicas, long timeoutMillis) {
		this.runner = runner;
		this.connections = connections;
		this.replicas = replicas;
		this.timeoutMillis = timeoutMillis;
	}

	List<Object> run(QueueContext q, List<String> args) {
		byte[][] keysAndArgs = new byte[q.enqueueKeys.size() + args.size()][];
		int i = 0;
		for (String key : q.enqueueKeys) {
			keysAndArgs[i++] = key.getBytes(StandardCharsets.UTF_8);
		}
		for (String arg : args) {
			keysAndArgs[i++] = arg.getBytes(StandardCharsets.UTF_8);
		}
		byte[] lastJob = (q.keys.jobPrefix() + args.get(args.size() - 2)).getBytes(StandardCharsets.UTF_8);
		List<Object> results;
		try {
			// WAIT counts the writes of its own connection, so it must follow the script
			// on the same one; a pipeline runs both on the dedicated connection, in one
			// round trip
			results = this.connections.execute((connection) -> {
				try {
					return pipeline(connection, q, keysAndArgs, lastJob);
				}
				catch (DataAccessException ex) {
					if (!isNoScript(ex)) {
						throw ex;
					}
					// the script cache was flushed or this is a new server: load the
					// script once, as EVALSHA's fallback does; the failed EVALSHA wrote
					// nothing
					connection.scriptingCommands().scriptLoad(script());
					return pipeline(connection, q, keysAndArgs, lastJob);
				}
			});
		}
		catch (DataAccessException ex) {
			throw this.runner.failure("enqueue", q.name, ex);
		}
		long acknowledged = (results.size() == 3) ? ScriptRunner.toLong(results.get(1)) : -1;
		boolean present = results.size() == 3
				&& (Boolean.TRUE.equals(results.get(2)) || (results.get(2) instanceof Number n && n.longValue() > 0));
		if (acknowledged < this.replicas || !present) {
			String reached = present
					? "was acknowledged by " + acknowledged + " of " + this.replicas + " replicas within "
							+ this.timeoutMillis + " ms"
					: "could not be confirmed: the connection changed between the write and WAIT";
			throw new JobQueueException(
					"enqueue on queue '" + q.name + "' " + reached + " on Redis " + this.runner.server
							+ ": the jobs may be written on a primary that a failover discards; retry with "
							+ "enqueueIfAbsent and the same id to enqueue exactly once");
		}
		List<?> written = (List<?>) results.get(0);
		return new ArrayList<>(written);
	}

	private List<Object> pipeline(RedisConnection connection, QueueContext q, byte[][] keysAndArgs, byte[] lastJob) {
		connection.openPipeline();
		connection.scriptingCommands()
			.evalSha(this.runner.scripts.enqueueJobs().getSha1(), ReturnType.MULTI, q.enqueueKeys.size(), keysAndArgs);
		ReplicaWait.send(connection, this.replicas, this.timeoutMillis);
		// if the connection dropped after the script, Lettuce replays WAIT on a new
		// connection (perhaps to a new primary) where it counts nothing: check the jobs
		// are where WAIT ran
		connection.keyCommands().exists(lastJob);
		return connection.closePipeline();
	}

	private byte[] script() {
		return this.runner.scripts.enqueueJobs().getScriptAsString().getBytes(StandardCharsets.UTF_8);
	}

	private static boolean isNoScript(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

}
