package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs the Lua flows and Redis calls of the three clients and turns Redis failures into a
 * {@link JobQueueException} that names the operation, the queue and the server.
 */
final class ScriptRunner {

	final StringRedisTemplate redis;

	final JobQueueScripts scripts;

	final String server;

	private final Clock clock;

	private volatile boolean minuteCounters;

	ScriptRunner(StringRedisTemplate redis, JobQueueScripts scripts, Clock clock) {
		this.redis = redis;
		this.scripts = scripts;
		this.clock = clock;
		this.server = RedisServerDescription.of(redis.getRequiredConnectionFactory());
	}

	String now() {
		return Long.toString(this.clock.millis());
	}

	long millis() {
		return this.clock.millis();
	}

	void setMinuteCounters(boolean minuteCounters) {
		this.minuteCounters = minuteCounters;
	}

	boolean isMinuteCounters() {
		return this.minuteCounters;
	}

	/**
	 * Returns a flow's keys, followed by the counters hash of the minute of {@code now}
	 * when per-minute counters are on: the flow counts only when it gets that key.
	 */
	List<String> counted(QueueContext q, List<String> keys, String now) {
		if (!this.minuteCounters) {
			return keys;
		}
		List<String> counted = new ArrayList<>(keys.size() + 1);
		counted.addAll(keys);
		counted.add(q.keys.counts(Long.parseLong(now) / 60_000));
		return counted;
	}

	<T> T run(String operation, QueueContext q, RedisScript<T> script, List<String> keys, List<String> args) {
		T result = call(operation, q, () -> this.redis.execute(script, keys, args.toArray()));
		if (result == null) {
			throw new JobQueueException(
					operation + " on queue '" + q.name + "' got no reply from Redis " + this.server);
		}
		return result;
	}

	<T> T call(String operation, QueueContext q, RedisCall<T> action) {
		try {
			return action.call();
		}
		catch (DataAccessException ex) {
			throw failure(operation, q.name, ex);
		}
	}

	JobQueueException failure(String operation, String queue, DataAccessException ex) {
		// Spring Data Redis often says only "Error in execution"; Redis's own words
		// (CROSSSLOT, NOPERM, READONLY, OOM ...) are in the innermost cause, and they are
		// what tells the user what to fix.
		String message = ex.getMessage();
		Throwable cause = ex.getMostSpecificCause();
		if (cause != ex && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
			message = message + ": " + cause.getMessage();
		}
		String text = operation + " on queue '" + queue + "' failed against Redis " + this.server + ": " + message;
		if (cause.getMessage() != null && cause.getMessage().startsWith("OOM ")) {
			return new JobQueueFullException(text + " (Redis is at its maxmemory; nothing was written)", ex);
		}
		return new JobQueueException(text, ex);
	}

	static long toLong(@Nullable Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof byte[] bytes) {
			return JobRecord.parseLong(new String(bytes, StandardCharsets.UTF_8));
		}
		return JobRecord.parseLong((value != null) ? value.toString() : null);
	}

	@FunctionalInterface
	interface RedisCall<T> {

		@Nullable T call();

	}

}
