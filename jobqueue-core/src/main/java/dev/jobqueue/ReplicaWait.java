package dev.jobqueue;

import java.nio.charset.StandardCharsets;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.util.ClassUtils;

/**
 * Sends {@code WAIT numreplicas timeout} on a connection. Spring Data Redis has no method
 * for WAIT, and its Lettuce connection reads the reply of an unknown command as bytes,
 * which fails on WAIT's integer reply; Lettuce gets an integer output, other drivers the
 * generic call.
 */
final class ReplicaWait {

	private static final boolean LETTUCE = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			ReplicaWait.class.getClassLoader());

	private ReplicaWait() {
	}

	static void send(RedisConnection connection, int replicas, long timeoutMillis) {
		byte[] count = String.valueOf(replicas).getBytes(StandardCharsets.UTF_8);
		byte[] timeout = String.valueOf(timeoutMillis).getBytes(StandardCharsets.UTF_8);
		if (LETTUCE && Lettuce.send(connection, count, timeout)) {
			return;
		}
		connection.execute("WAIT", count, timeout);
	}

	private static final class Lettuce {

		static boolean send(RedisConnection connection, byte[] count, byte[] timeout) {
			if (connection instanceof LettuceConnection lettuce) {
				lettuce.execute("WAIT", new IntegerOutput<>(ByteArrayCodec.INSTANCE), count, timeout);
				return true;
			}
			return false;
		}

	}

}
