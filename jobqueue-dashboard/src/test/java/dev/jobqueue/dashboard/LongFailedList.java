package dev.jobqueue.dashboard;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.api.sync.RedisCommands;

/**
 * Writes a long failed list straight into Redis, as the reference's fail flow leaves it:
 * a failed hash per job and its id pushed to the left of the list, oldest first.
 */
final class LongFailedList {

	private LongFailedList() {
	}

	static void fill(RedisCommands<String, String> redis, String queue, int count) {
		String prefix = "queue:" + queue + ":";
		redis.del(prefix + "failed");
		long now = System.currentTimeMillis();
		int batch = 2_000;
		for (int start = 0; start < count; start += batch) {
			List<String> ids = new ArrayList<>(batch);
			StringBuilder script = new StringBuilder();
			for (int i = start; i < Math.min(count, start + batch); i++) {
				ids.add(String.format("%016x", 0xb16000000000L + i));
			}
			// One script per batch keeps 100,000 jobs to 50 round trips.
			script.append("for i, id in ipairs(ARGV) do ")
				.append("redis.call('HSET', KEYS[1] .. id, 'status', 'failed', 'attempts', '1', ")
				.append("'payload', '{\"n\":' .. i .. '}', 'last_error', 'failed on purpose', ")
				.append("'enqueued_at_ms', '" + now + "', 'last_error_at_ms', '" + now + "') ")
				.append("redis.call('LPUSH', KEYS[2], id) end return #ARGV");
			redis.eval(script.toString(), io.lettuce.core.ScriptOutputType.INTEGER,
					new String[] { prefix + "job:", prefix + "failed" }, ids.toArray(String[]::new));
		}
	}

}
