package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

	DurableEnqueue(ScriptRunner runner, BlockingConnections connections, int replicas, long timeoutMillis) {
		this.runner = runner;
		this.connections = connections;
		this.replicas = replicas;
		this.timeoutMillis = timeoutMillis;
	}

	List<Object> run(QueueContext q, List<String> args) {
		RedisConnection connection;
		try {
			connection = this.connections.borrow();
		}
		catch (DataAccessException ex) {
			throw this.runner.failure("enqueue", q.name, ex);
		}
		boolean broken = true;
		List<Object> results;
		try {
			// WAIT counts the writes of its own connection, so it must follow the script
			// on the same one; a pipeline runs both on the dedicated connection, in one
			// round trip
			byte[][] keysAndArgs = new byte[q.enqueueKeys.size() + args.size()][];
			int i = 0;
			for (String key : q.enqueueKeys) {
				keysAndArgs[i++] = key.getBytes(StandardCharsets.UTF_8);
			}
			for (String arg : args) {
				keysAndArgs[i++] = arg.getBytes(StandardCharsets.UTF_8);
			}
			connection.openPipeline();
			connection.scriptingCommands()
				.eval(this.runner.scripts.enqueueJobs().getScriptAsString().getBytes(StandardCharsets.UTF_8),
						ReturnType.MULTI, q.enqueueKeys.size(), keysAndArgs);
			ReplicaWait.send(connection, this.replicas, this.timeoutMillis);
			// if the connection dropped after the script, Lettuce replays WAIT on a new
			// connection (perhaps to a new primary) where it counts nothing: check the
			// jobs are where WAIT ran
			connection.keyCommands()
				.exists((q.keys.jobPrefix() + args.get(args.size() - 2)).getBytes(StandardCharsets.UTF_8));
			results = connection.closePipeline();
			broken = false;
		}
		catch (DataAccessException ex) {
			throw this.runner.failure("enqueue", q.name, ex);
		}
		finally {
			this.connections.release(connection, broken);
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

}
