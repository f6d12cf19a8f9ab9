package dev.jobqueue.dashboard;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Sends several reads in one round trip, typed as strings.
 */
final class Pipelines {

	private Pipelines() {
	}

	static List<Object> read(StringRedisTemplate redis, Consumer<RedisOperations<String, String>> commands) {
		return redis.executePipelined(new SessionCallback<Object>() {

			@Override
			@SuppressWarnings("unchecked")
			public <K, V> Object execute(RedisOperations<K, V> operations) {
				commands.accept((RedisOperations<String, String>) operations);
				return null;
			}

		});
	}

}
