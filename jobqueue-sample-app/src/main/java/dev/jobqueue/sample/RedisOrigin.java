package dev.jobqueue.sample;

import org.jspecify.annotations.Nullable;

/**
 * Which Redis the demo talks to, and why, for the log and the page.
 *
 * @param host the host the connection factory uses
 * @param port the port the connection factory uses
 * @param embedded whether the demo started the Redis shipped in embedded-redis
 * @param note what the demo found or did, in one sentence, or null when nothing needs
 * saying
 */
record RedisOrigin(String host, int port, boolean embedded, @Nullable String note) {

	static final String BEAN_NAME = "sampleRedisOrigin";

}
