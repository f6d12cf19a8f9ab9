package dev.jobqueue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobqueue.test.MutableClock;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The redis.io reference helper's commands, exactly as reference-behaviour.md records
 * them, issued with raw Lettuce commands: MULTI/EXEC enqueue, BLMOVE then MULTI(HSET,
 * HINCRBY, HGETALL) claim, and its complete, fail and reclaim scripts. Used to prove that
 * jobs cross between it and {@link JobQueueTemplate} in both directions.
 */
final class ReferenceHelper {

	private final RedisCommands<String, String> redis;

	private final QueueKeys keys;

	private final MutableClock clock;

	private final long visibilityMs;

	private final int maxAttempts = 3;

	ReferenceHelper(RedisCommands<String, String> redis, QueueKeys keys, MutableClock clock, long visibilityMs) {
		this.redis = redis;
		this.keys = keys;
		this.clock = clock;
		this.visibilityMs = visibilityMs;
	}

	String enqueue(String payloadJson) {
		String id = JobIds.newId();
		Map<String, String> meta = new LinkedHashMap<>();
		meta.put("id", id);
		meta.put("payload", payloadJson);
		meta.put("status", "pending");
		meta.put("attempts", "0");
		meta.put("enqueued_at_ms", String.valueOf(this.clock.millis()));
		meta.put("claim_token", "");
		this.redis.multi();
		this.redis.hset(this.keys.job(id), meta);
		this.redis.lpush(this.keys.pending(), id);
		this.redis.exec();
		return id;
	}

	/** Returns {id, token, attempts} or null. */
	String[] claim(double timeoutSeconds) {
		String id = this.redis.blmove(this.keys.pending(), this.keys.processing(), LMoveArgs.Builder.rightLeft(),
				Math.max(timeoutSeconds, 0.1));
		if (id == null) {
			return null;
		}
		String token = JobIds.newId();
		String key = this.keys.job(id);
		this.redis.multi();
		this.redis.hset(key, Map.of("status", "processing", "claimed_at_ms", String.valueOf(this.clock.millis()),
				"claim_token", token));
		this.redis.hincrby(key, "attempts", 1);
		this.redis.hgetall(key);
		TransactionResult results = this.redis.exec();
		Map<String, String> meta = results.get(2);
		return new String[] { id, token, meta.get("attempts") };
	}

	boolean complete(String id, String token, String resultJson) {
		Long done = this.redis.eval(script("complete.lua"), ScriptOutputType.INTEGER,
				new String[] { this.keys.jobPrefix(), this.keys.processing(), this.keys.completed() }, id, token,
				"completed", String.valueOf(this.clock.millis()), resultJson, "300", "50");
		return done != 0;
	}

	long fail(String id, String token, int attempts, String error) {
		return this.redis.eval(script("fail.lua"), ScriptOutputType.INTEGER,
				new String[] { this.keys.jobPrefix(), this.keys.processing(), this.keys.pending(), this.keys.failed() },
				id, token, error, String.valueOf(this.clock.millis()), "300", "50",
				(attempts < this.maxAttempts) ? "1" : "0");
	}

	List<String> reclaimStuck() {
		return this.redis.eval(script("reclaim.lua"), ScriptOutputType.MULTI,
				new String[] { this.keys.pending(), this.keys.processing(), this.keys.jobPrefix() },
				String.valueOf(this.clock.millis()), String.valueOf(this.visibilityMs));
	}

	private static String script(String name) {
		try (InputStream in = ReferenceHelper.class.getResourceAsStream("/reference/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("Missing reference script " + name, ex);
		}
	}

}
