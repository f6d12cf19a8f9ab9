package dev.jobqueue;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;

/**
 * The Redis client ids of the kept connections that blocking claims run on, asked once
 * per connection: a wake-up ends a blocked claim with {@code CLIENT UNBLOCK <id>}.
 */
final class ClientIds {

	private static final Log logger = LogFactory.getLog(ClientIds.class);

	/** The id of a connection that could not tell its own: it is not asked again. */
	static final long NO_ID = -1;

	private final Map<RedisConnection, Long> ids = Collections.synchronizedMap(new WeakHashMap<>());

	/**
	 * Returns the client id of the dedicated connection that blocking commands of a
	 * connection run on.
	 * @param connection the connection
	 * @return the id, or null when Redis cannot tell it (before 6.2)
	 */
	@Nullable Long of(RedisConnection connection) {
		Long id = this.ids.get(connection);
		if (id == null) {
			id = NO_ID;
			try {
				// in a transaction, so that it runs on the dedicated connection that
				// blocking commands use (Lettuce sends other commands on the shared
				// connection); CLIENT INFO, not CLIENT ID: Spring Data Redis reads a
				// generic command in a transaction as a status reply, which an integer
				// reply breaks and a bulk string does not
				connection.multi();
				connection.execute("CLIENT", "INFO".getBytes(StandardCharsets.US_ASCII));
				List<Object> replies = connection.exec();
				id = parse((replies != null && replies.size() == 1) ? replies.get(0) : null);
			}
			catch (RuntimeException ex) {
				logger.debug("CLIENT INFO failed (Redis before 6.2?); blocking claims on this connection wait at most "
						+ ClaimWakeups.FALLBACK_WAIT_MILLIS + " ms", ex);
			}
			this.ids.put(connection, id);
		}
		return (id >= 0) ? id : null;
	}

	/**
	 * Reads the id out of a {@code CLIENT INFO} reply ({@code id=<id> addr=...}).
	 * @param reply the reply, as text or bytes
	 * @return the id, or {@link #NO_ID} when the reply holds none
	 */
	static long parse(@Nullable Object reply) {
		String text = (reply instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8)
				: (reply != null) ? reply.toString() : "";
		int end = 3;
		while (end < text.length() && end < 22 && Character.isDigit(text.charAt(end))) {
			end++;
		}
		if (!text.startsWith("id=") || end == 3) {
			return NO_ID;
		}
		return Long.parseLong(text.substring(3, end));
	}

}
